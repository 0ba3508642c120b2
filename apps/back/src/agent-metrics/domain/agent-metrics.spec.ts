import type { AgentStatus } from '@cc/contracts';
import { computeAgentMetrics, type LedgerCallRow, type StatusPeriodRow } from './agent-metrics';

const at = (hhmm: string): Date => new Date(`2026-12-01T${hhmm}:00.000Z`);
const period = (status: AgentStatus, from: string, to: string | null): StatusPeriodRow => ({
  status,
  startedAt: at(from),
  endedAt: to === null ? null : at(to),
});
const call = (
  answered: string | null,
  talk: number,
  hold: number,
  disposition: LedgerCallRow['disposition'],
) => ({
  answeredAt: answered === null ? null : at(answered),
  talkSeconds: talk,
  holdSeconds: hold,
  disposition,
});

const DAY = { from: at('08:00'), to: at('12:00') };

describe('agent metrics from history and ledger rows', () => {
  const periods = [
    period('OFFLINE', '07:00', '08:30'),
    period('ONLINE', '08:30', '09:00'),
    period('ONLINE', '09:00', '09:20'),
    period('ON_CALL', '09:20', '09:30'),
    period('WRAP_UP', '09:30', '09:32'),
    period('ONLINE', '09:32', '09:40'),
    period('BREAK', '09:40', '10:00'),
    period('ONLINE', '10:00', null),
  ];
  const calls = [
    call('09:20', 540, 60, 'answered'),
    call('07:30', 100, 0, 'answered'),
    call(null, 0, 0, 'abandoned'),
    call('09:50', 0, 0, null),
  ];
  const m = computeAgentMetrics('1001', periods, calls, DAY);

  it('clips periods to the range and counts the open one up to its end', () => {
    expect(m.secondsByStatus).toMatchObject({
      OFFLINE: 30 * 60,
      ONLINE: (50 + 8 + 120) * 60,
      ON_CALL: 600,
      WRAP_UP: 120,
      BREAK: 1200,
      PAUSE: 0,
    });
    expect(m.loggedInSeconds).toBe(4 * 3600 - 30 * 60);
  });

  it('counts only calls answered in the range that ended answered or transferred', () => {
    expect(m.callsHandled).toBe(1);
    expect(m.talkSeconds).toBe(540);
    expect(m.holdSeconds).toBe(60);
    expect(m.averageHandleSeconds).toBe(540 + 60 + 120);
  });

  it('joins back-to-back ONLINE periods into one stretch of idleness', () => {
    expect(m.longestIdleSeconds).toBe(120 * 60);
    const morning = computeAgentMetrics('1001', periods, calls, { from: DAY.from, to: at('09:30') });
    expect(morning.longestIdleSeconds).toBe(50 * 60);
  });

  it('defines occupancy as talk, hold and wrap-up over the logged-in time', () => {
    expect(m.occupancy).toBeCloseTo((540 + 60 + 120) / (4 * 3600 - 30 * 60), 12);
  });

  it('has no average and no occupancy for an agent without calls or logged-in time', () => {
    const empty = computeAgentMetrics('1002', [period('OFFLINE', '07:00', null)], [], DAY);
    expect(empty).toMatchObject({
      callsHandled: 0,
      averageHandleSeconds: null,
      occupancy: null,
      loggedInSeconds: 0,
    });
  });
});
