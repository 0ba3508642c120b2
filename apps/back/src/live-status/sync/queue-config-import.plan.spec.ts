import { planQueueConfigImport } from './queue-config-import.plan';
import type { SyncMember, SyncView } from './sync-view';

const member = (queue: string, ext: string, overrides: Partial<SyncMember> = {}): SyncMember => ({
  id: `${queue}:PJSIP/${ext}`,
  queue,
  interface: `PJSIP/${ext}`,
  name: `Agent ${ext}`,
  penalty: 0,
  paused: false,
  pausedReason: '',
  ...overrides,
});

const asterisk: SyncView = {
  queues: [
    { name: 'sales', strategy: 'rrmemory' },
    { name: 'support', strategy: 'ringall' },
  ],
  members: [member('sales', '1001'), member('sales', '1002', { penalty: 2 }), member('support', '1001')],
};

describe('planQueueConfigImport', () => {
  it('creates everything Asterisk has into an empty Postgres', () => {
    const plan = planQueueConfigImport({ queues: [], members: [] }, asterisk);
    expect(plan.createQueues.map((q) => q.name)).toEqual(['sales', 'support']);
    expect(plan.createMembers.map((m) => m.id)).toEqual([
      'sales:PJSIP/1001',
      'sales:PJSIP/1002',
      'support:PJSIP/1001',
    ]);
    expect([plan.updateQueues, plan.updateMembers, plan.removeMembers]).toEqual([[], [], []]);
  });

  it('changes nothing when Postgres already holds what Asterisk reports', () => {
    expect(planQueueConfigImport(asterisk, asterisk)).toEqual({
      createQueues: [],
      updateQueues: [],
      createMembers: [],
      updateMembers: [],
      removeMembers: [],
      queuesOnlyInPostgres: [],
    });
  });

  it('updates what differs, removes members Asterisk does not list, and keeps queues it does not know', () => {
    const postgres: SyncView = {
      queues: [
        { name: 'sales', strategy: 'ringall' },
        { name: 'support', strategy: 'ringall' },
        { name: 'vip', strategy: 'ringall' },
      ],
      members: [
        member('sales', '1001', { name: 'Old name' }),
        member('sales', '1009'),
        member('vip', '1001'),
      ],
    };
    const plan = planQueueConfigImport(postgres, asterisk);
    expect(plan.updateQueues).toEqual([{ name: 'sales', strategy: 'rrmemory' }]);
    expect(plan.updateMembers.map((m) => [m.id, m.name])).toEqual([['sales:PJSIP/1001', 'Agent 1001']]);
    expect(plan.createMembers.map((m) => m.id)).toEqual(['sales:PJSIP/1002', 'support:PJSIP/1001']);
    expect(plan.removeMembers.map((m) => m.id)).toEqual(['sales:PJSIP/1009']);
    expect(plan.queuesOnlyInPostgres).toEqual(['vip']);
  });
});
