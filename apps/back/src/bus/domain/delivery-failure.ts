/** Thrown by a handler for a message that can never succeed (bad JSON, wrong schema): no retry. */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonMessageError';
  }
}

export type FailureDecision =
  { action: 'retry'; delayMs: number; retryCount: number } | { action: 'dead-letter'; reason: string };

/**
 * What to do with a message whose handling failed. Poison goes to the dead letters at once; a
 * transient failure waits `retryDelaysMs[n]` before retry n+1 (delays grow: the list is validated
 * increasing), and after the last one it is dead-lettered too. Never a requeue in place: that is the
 * hot loop the old system had.
 */
export function decideAfterFailure(
  error: unknown,
  retriesSoFar: number,
  retryDelaysMs: readonly number[],
): FailureDecision {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PoisonMessageError) {
    return { action: 'dead-letter', reason: `poison: ${message}` };
  }
  if (retriesSoFar >= retryDelaysMs.length) {
    return { action: 'dead-letter', reason: `failed after ${retriesSoFar} retries: ${message}` };
  }
  return { action: 'retry', delayMs: retryDelaysMs[retriesSoFar], retryCount: retriesSoFar + 1 };
}

/** The retry count a message carries (`x-retry-count` header); anything unreadable counts as 0. */
export function retryCountOf(headers: Record<string, unknown> | undefined): number {
  const value = headers?.['x-retry-count'];
  const count = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(count) && count > 0 ? count : 0;
}
