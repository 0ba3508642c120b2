import type { AttemptOutcome, LeadState, RetryableOutcome } from '@cc/contracts';

/** AST_CONTROL_ANSWER in OriginateResponse's Reason (include/asterisk/frame.h). */
const ORIGINATE_ANSWERED = 4;

/**
 * We originate agent first: the reserved agent's phone rings, and only once the agent answered does
 * Asterisk dial the lead. So an Originate that was not answered means the agent did not pick up,
 * and the lead's phone never rang.
 */
export function agentAnswered(originateReason: number): boolean {
  return originateReason === ORIGINATE_ANSWERED;
}

/** app_dial's DIALSTATUS for the lead's leg, as DialEnd reports it. */
export function outcomeOfDialStatus(dialStatus: string): AttemptOutcome {
  switch (dialStatus.toUpperCase()) {
    case 'ANSWER':
      return 'answered';
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
    case 'CANCEL':
      return 'no_answer';
    default:
      // CONGESTION, CHANUNAVAIL, ABORT…: the call could not be completed.
      return 'failed';
  }
}

/**
 * When no DialEnd was seen for the lead's leg, the Hangup cause (Q.850) of the agent's channel says
 * how it went: 16 normal clearing after a conversation, 17 busy, 18/19 no answer.
 */
export function outcomeOfHangupCause(cause: number): AttemptOutcome {
  switch (cause) {
    case 16:
      return 'answered';
    case 17:
      return 'busy';
    case 18:
    case 19:
      return 'no_answer';
    default:
      return 'failed';
  }
}

export interface RetryPolicy {
  maxAttempts: number;
  retryDelaysSeconds: Record<RetryableOutcome, number>;
}

export interface LeadNextStep {
  state: LeadState;
  /** Set for `retry_wait`. */
  nextAttemptAt: Date | null;
}

// The agent did not pick up: try the lead again soon with whoever is free, without counting a dial.
const AGENT_MISSED_RETRY_MS = 5_000;

/** Where a lead goes after an attempt ended with `outcome`, having been dialled `dials` times so far. */
export function nextStepAfter(
  outcome: AttemptOutcome,
  dials: number,
  policy: RetryPolicy,
  now: Date,
): LeadNextStep {
  switch (outcome) {
    case 'answered':
      return { state: 'done', nextAttemptAt: null };
    case 'dnc':
      return { state: 'dnc', nextAttemptAt: null };
    case 'agent_no_answer':
      return { state: 'retry_wait', nextAttemptAt: new Date(now.getTime() + AGENT_MISSED_RETRY_MS) };
    case 'outside_window':
      // The caller sets the window's next opening; this is only the shape.
      return { state: 'retry_wait', nextAttemptAt: now };
    default:
      if (dials >= policy.maxAttempts) return { state: 'failed', nextAttemptAt: null };
      return {
        state: 'retry_wait',
        nextAttemptAt: new Date(now.getTime() + policy.retryDelaysSeconds[outcome] * 1000),
      };
  }
}
