import type { AgentStatusView, OperatorStatusData } from '@cc/contracts';
import { agentRows, filterAgentRows, pageOf } from './agent-rows';

const member = (queue: string, ext: string, over: Partial<OperatorStatusData> = {}): OperatorStatusData =>
  ({
    queue,
    interface: `PJSIP/${ext}`,
    name: `Agent ${ext}`,
    callsTaken: 1,
    currentCall: null,
    ...over,
  }) as OperatorStatusData;

const agent = (extension: string, over: Partial<AgentStatusView> = {}): AgentStatusView => ({
  extension,
  status: 'ONLINE',
  previousStatus: null,
  reason: null,
  statusChangedAt: '2026-01-01T10:00:00Z',
  nextStatus: null,
  source: 'manual',
  nextReason: null,
  wrapUpEndsAt: null,
  userId: null,
  ...over,
});

describe('agentRows', () => {
  it("joins each agent's status with its memberships, summing calls and showing the current call", () => {
    const rows = agentRows(
      [agent('1001', { status: 'ON_CALL' })],
      [
        member('sales', '1001'),
        member('support', '1001', {
          currentCall: { caller: '555', channel: 'x', since: '2026-01-01T10:01:00Z' },
        }),
      ],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        extension: '1001',
        name: 'Agent 1001',
        status: 'ON_CALL',
        queues: ['sales', 'support'],
        callsTaken: 2,
        caller: '555',
        callQueue: 'support',
      }),
    ]);
  });

  it('still lists members Asterisk knows when the agent-status service has nothing for them', () => {
    expect(agentRows([], [member('sales', '1002')])[0]).toMatchObject({ extension: '1002', status: null });
  });
});

describe('filterAgentRows', () => {
  const rows = agentRows(
    [
      agent('1001', { statusChangedAt: '2026-01-01T10:05:00Z' }),
      agent('1002', { status: 'BREAK', reason: 'Lunch', statusChangedAt: '2026-01-01T09:00:00Z' }),
    ],
    [member('sales', '1001'), member('billing', '1002')],
  );

  it('filters by queue and by search over extension, name and reason', () => {
    expect(
      filterAgentRows(rows, { queue: 'billing', search: '', sort: 'extension' }).map((r) => r.extension),
    ).toEqual(['1002']);
    expect(
      filterAgentRows(rows, { queue: null, search: 'lun', sort: 'extension' }).map((r) => r.extension),
    ).toEqual(['1002']);
  });

  it('sorts the longest in their status first', () => {
    expect(filterAgentRows(rows, { queue: null, search: '', sort: 'time' }).map((r) => r.extension)).toEqual([
      '1002',
      '1001',
    ]);
  });
});

describe('pageOf', () => {
  const rows = agentRows(
    Array.from({ length: 120 }, (_, i) => agent(String(1001 + i))),
    [],
  );

  it('shows one page of the rows with their positions and the total', () => {
    const page = pageOf(rows, 1, 50);
    expect(page.rows.map((row) => row.extension)).toEqual(
      Array.from({ length: 50 }, (_, i) => String(1051 + i)),
    );
    expect(page).toMatchObject({ page: 1, pages: 3, first: 51, last: 100, total: 120 });
  });

  it('clamps a page past the end to the last one, and a page before the start to the first', () => {
    expect(pageOf(rows, 7, 50)).toMatchObject({ page: 2, first: 101, last: 120 });
    expect(pageOf(rows, -1, 50)).toMatchObject({ page: 0, first: 1, last: 50 });
  });

  it('has one empty page when nothing matches', () => {
    expect(pageOf([], 0, 50)).toEqual({ rows: [], page: 0, pages: 1, first: 0, last: 0, total: 0 });
  });
});
