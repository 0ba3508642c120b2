import type { AmiMessage } from '@cc/ami';

// The reducer's input adapter: the one place in live status where a raw AMI frame is named. Every other
// feature receives typed events decoded at the AMI edge (`ami.event.received`, `decodeAmiEvent`); the
// reducer alone reads frames, because it uses nearly every header of the ~40 events it handles and
// must tolerate headers and events no decoder knows yet (it counts them instead of failing). Decoding
// every frame into typed events first would double the work of the hottest path for nothing it needs.

/** One AMI frame as the reducer reads it: headers by name, values as Asterisk sent them. */
export type LiveStatusFrame = AmiMessage;

/** The items of each list the state is rebuilt from (Complete markers may stay in). */
export interface LiveStatusLists {
  queueStatus: readonly LiveStatusFrame[];
  queueSummary: readonly LiveStatusFrame[];
  coreShowChannels: readonly LiveStatusFrame[];
  deviceStateList: readonly LiveStatusFrame[];
  pjsipShowContacts: readonly LiveStatusFrame[];
}

/** Asterisk's answer to one list action: its items, or its `Error` message. */
export type LiveStatusListAnswer = { ok: true; items: LiveStatusFrame[] } | { ok: false; message: string };

/** Where the rebuild gets its lists: the ingesting instance's AMI event session. */
export interface LiveStatusListSource {
  /**
   * Sends one list action. `onResponse` runs synchronously when its `Response:` line arrives (its point
   * in the event stream). Rejects on a timeout or a lost connection.
   */
  list(
    action: string,
    options: { timeoutMs: number; onResponse?: () => void },
  ): Promise<LiveStatusListAnswer>;
}
