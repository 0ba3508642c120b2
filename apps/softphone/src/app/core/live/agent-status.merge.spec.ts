import type { AgentStatusChangedEvent, AgentStatusView } from '@cc/contracts';
import { applyStatusChange } from './agent-status.merge';

const view: AgentStatusView = {
  extension: '1001',
  status: 'ONLINE',
  previousStatus: null,
  reason: null,
  source: 'manual',
  statusChangedAt: '2026-01-01T10:00:00.000Z',
  nextStatus: null,
  nextReason: null,
  wrapUpEndsAt: null,
  userId: 'u-1',
};

const event = (over: Partial<AgentStatusChangedEvent>): AgentStatusChangedEvent => ({
  extension: '1001',
  status: 'BREAK',
  previousStatus: 'ONLINE',
  reason: 'Lunch',
  source: 'supervisor',
  actor: 'sup-1',
  statusChangedAt: '2026-01-01T10:05:00.000Z',
  nextStatus: null,
  ...over,
});

describe('applyStatusChange', () => {
  it('replaces the agent with the pushed status, keeping who owns the extension', () => {
    const [next] = applyStatusChange([view], event({}));
    expect(next).toMatchObject({ status: 'BREAK', reason: 'Lunch', source: 'supervisor', userId: 'u-1' });
  });

  it('ignores a push older than what the list already holds', () => {
    const [next] = applyStatusChange([view], event({ statusChangedAt: '2026-01-01T09:00:00.000Z' }));
    expect(next.status).toBe('ONLINE');
  });

  it('adds an agent it did not know', () => {
    expect(applyStatusChange([view], event({ extension: '1002' })).map((a) => a.extension)).toEqual([
      '1001',
      '1002',
    ]);
  });
});
