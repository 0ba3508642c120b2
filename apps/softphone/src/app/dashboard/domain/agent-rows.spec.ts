import type { AgentStatusView, OperatorStatusData } from '@cc/contracts';
import { agentRows, filterAgentRows } from './agent-rows';

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
