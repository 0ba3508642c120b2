import { agentAnswered, nextStepAfter, outcomeOfDialStatus, outcomeOfHangupCause } from './dial-outcome';

const POLICY = { maxAttempts: 3, retryDelaysSeconds: { busy: 60, no_answer: 600, failed: 30 } };
const NOW = new Date('2026-12-02T10:00:00Z');

describe('dial outcomes', () => {
  it('reads the lead’s leg from DIALSTATUS, and from the hangup cause when no DialEnd came', () => {
    expect(
      ['ANSWER', 'BUSY', 'NOANSWER', 'CANCEL', 'CONGESTION', 'CHANUNAVAIL'].map(outcomeOfDialStatus),
    ).toEqual(['answered', 'busy', 'no_answer', 'no_answer', 'failed', 'failed']);
    expect([16, 17, 19, 34].map(outcomeOfHangupCause)).toEqual(['answered', 'busy', 'no_answer', 'failed']);
  });

  it('knows the agent answered only from Reason 4', () => {
    expect(agentAnswered(4)).toBe(true);
    expect(agentAnswered(3)).toBe(false);
    expect(agentAnswered(0)).toBe(false);
  });
});

describe('nextStepAfter', () => {
  it('retries busy and no answer after the campaign’s delay for that outcome', () => {
    expect(nextStepAfter('busy', 1, POLICY, NOW)).toEqual({
      state: 'retry_wait',
      nextAttemptAt: new Date('2026-12-02T10:01:00Z'),
    });
    expect(nextStepAfter('no_answer', 2, POLICY, NOW).nextAttemptAt).toEqual(
      new Date('2026-12-02T10:10:00Z'),
    );
  });

  it('gives up once the lead was dialled max-attempts times', () => {
    expect(nextStepAfter('no_answer', 3, POLICY, NOW)).toEqual({ state: 'failed', nextAttemptAt: null });
  });

  it('finishes an answered lead and a do-not-call lead for good', () => {
    expect(nextStepAfter('answered', 1, POLICY, NOW).state).toBe('done');
    expect(nextStepAfter('dnc', 0, POLICY, NOW).state).toBe('dnc');
  });

  it('puts the lead back soon when the agent missed the call, whatever the count', () => {
    expect(nextStepAfter('agent_no_answer', 3, POLICY, NOW)).toEqual({
      state: 'retry_wait',
      nextAttemptAt: new Date('2026-12-02T10:00:05Z'),
    });
  });
});
