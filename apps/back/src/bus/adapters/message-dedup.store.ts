/**
 * Remembers which messages were handled, by queue and messageId, across every instance: the bus
 * delivers at least once, and this makes handling happen once.
 */
export interface MessageDedupStore {
  /**
   * `claimed`: handle it now; `done`: handled before (a duplicate); `busy`: another delivery of the same
   * message is being handled right now.
   */
  claim(queue: string, messageId: string): Promise<'claimed' | 'done' | 'busy'>;
  complete(queue: string, messageId: string): Promise<void>;
  /** Gives the claim up after a failure, so the retry can claim it. */
  release(queue: string, messageId: string): Promise<void>;
}

export const MESSAGE_DEDUP_STORE = Symbol('MESSAGE_DEDUP_STORE');
