export type ExternalOutcome = 'answer' | 'busy' | 'noanswer' | 'congestion';

export const EXTERNAL_OUTCOMES: readonly ExternalOutcome[] = ['answer', 'busy', 'noanswer', 'congestion'];

/**
 * How a failed dial ends, as Asterisk reports it: the Hangup cause (include/asterisk/causes.h, text
 * from main/channel.c's causes table), app_dial's DIALSTATUS, and OriginateResponse's Reason, the
 * control frame main/pbx.c's pbx_dial_reason() derives from the cause (include/asterisk/frame.h).
 */
export const FAILED_OUTCOMES: Record<
  Exclude<ExternalOutcome, 'answer'>,
  { cause: number; causeTxt: string; dialStatus: string; reason: number }
> = {
  // AST_CAUSE_USER_BUSY -> AST_CONTROL_BUSY
  busy: { cause: 17, causeTxt: 'User busy', dialStatus: 'BUSY', reason: 5 },
  // AST_CAUSE_NO_ANSWER -> AST_CONTROL_RINGING ("remote end was ringing")
  noanswer: { cause: 19, causeTxt: 'User alerting, no answer', dialStatus: 'NOANSWER', reason: 3 },
  // AST_CAUSE_NORMAL_CIRCUIT_CONGESTION -> AST_CONTROL_CONGESTION
  congestion: { cause: 34, causeTxt: 'Circuit/channel congestion', dialStatus: 'CONGESTION', reason: 8 },
};

const BY_LAST_DIGIT: Record<string, ExternalOutcome> = { '7': 'busy', '8': 'noanswer', '9': 'congestion' };

export const isExternalOutcome = (v: unknown): v is ExternalOutcome =>
  typeof v === 'string' && (EXTERNAL_OUTCOMES as readonly string[]).includes(v);

/**
 * What an external number does when called, the same every time: an outcome set for the number, else
 * its last digit (7 busy, 8 no answer, 9 congestion, any other answers).
 */
export class ExternalNumbers {
  private readonly outcomes = new Map<string, ExternalOutcome>();

  outcomeFor(number: string): ExternalOutcome {
    return this.outcomes.get(number) ?? BY_LAST_DIGIT[number.slice(-1)] ?? 'answer';
  }

  set(outcomes: Record<string, ExternalOutcome>): void {
    for (const [number, outcome] of Object.entries(outcomes)) this.outcomes.set(number, outcome);
  }

  clear(): void {
    this.outcomes.clear();
  }

  list(): Record<string, ExternalOutcome> {
    return Object.fromEntries(this.outcomes);
  }
}
