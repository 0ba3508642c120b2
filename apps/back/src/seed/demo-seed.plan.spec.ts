import { DEMO_QUEUES } from '@cc/pbx-sim';
import { planDemoQueues, planDemoUsers, planSeedUsers } from './demo-seed.plan';

describe('demo seed plan', () => {
  it('creates every demo queue with its static PJSIP members', () => {
    const queues = planDemoQueues();
    expect(queues.map((queue) => queue.name)).toEqual(DEMO_QUEUES.map((queue) => queue.name));
    const billing = queues.find((queue) => queue.name === 'billing');
    expect(billing).toMatchObject({ strategy: 'rrmemory', wrapupSeconds: 10, serviceLevelSeconds: 30 });
    expect(billing?.members[0]).toEqual({
      interface: 'PJSIP/1009',
      memberName: 'Agent 1009',
      extension: '1009',
      penalty: 0,
    });
  });

  it('creates a supervisor and operators agent1001..agent1012 bound to their extension', () => {
    const users = planDemoUsers();
    expect(users[0]).toMatchObject({ username: 'supervisor', password: 'supervisor', role: 'supervisor' });
    const operators = users.filter((user) => user.role === 'operator');
    expect(operators).toHaveLength(12);
    expect(operators[0]).toEqual({
      username: 'agent1001',
      password: 'demo',
      role: 'operator',
      extension: '1001',
    });
    expect(operators[11]).toMatchObject({ username: 'agent1012', extension: '1012' });
  });

  it('seeds only the admin account in production', () => {
    const admin = { adminUsername: 'root', adminPassword: 'long secret' };
    expect(planSeedUsers({ nodeEnv: 'production', ...admin })).toEqual([
      { username: 'root', password: 'long secret', role: 'admin', extension: null },
    ]);
    const development = planSeedUsers({ nodeEnv: 'development', ...admin });
    expect(development.map((user) => user.username)).toEqual(
      expect.arrayContaining(['root', 'supervisor', 'agent1001', 'agent1012']),
    );
    expect(development).toHaveLength(14);
  });
});
