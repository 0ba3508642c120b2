// Automatic transitions from real AMI traffic: a queue call through the PBX simulator makes the agent
// ON_CALL at connect and WRAP_UP at hangup for the queue's wrap-up time (from Postgres), then returns
// them to the status before the call, or to the one they chose during it. Deadlines live in Postgres:
// a restart during wrap-up still ends it on time, and two instances end each wrap-up exactly once.
import type { AgentStatus } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import { randomBytes } from 'node:crypto';
import { AgentStatusService } from '../../../src/agent-status/agent-status.service';
import { readMetric } from '../../support/live-status-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import {
  createAgentStatusApp,
  historyGaps,
  simPauses,
  startLabSimulator,
  waitUntil,
  type AgentStatusTestApp,
} from './agent-status.harness';

const WRAP_UP_SECONDS = 2;

async function configureQueues(t: AgentStatusTestApp): Promise<void> {
  await t.query(
    `INSERT INTO queues (name, strategy, wrapup_seconds) VALUES ('sales', 'rrmemory', $1), ('support', 'ringall', $1)
     ON CONFLICT (name) DO NOTHING`,
    [WRAP_UP_SECONDS],
  );
}

function quickPhones(sim: PbxSimulator): void {
  sim.model.phone = { ringSeconds: () => 0.2, talkSeconds: () => 1.5 };
}

/** A caller dials the sales queue (500), as the demo's callers do. */
function callSales(sim: PbxSimulator): void {
  sim.model.originate({
    channel: 'Local/500@from-external',
    callerId: '"Customer" <+15550001>',
    variables: [],
  });
}

const statuses = (t: AgentStatusTestApp, ext: string): AgentStatus[] =>
  t.events.filter((e) => e.extension === ext).map((e) => e.status);

describe('agent status follows the calls', () => {
  let sim: PbxSimulator;
  let t: AgentStatusTestApp;

  beforeAll(async () => {
    sim = await startLabSimulator();
    quickPhones(sim);
    t = await createAgentStatusApp(sim, ['1001', '1002', '1003']);
    await configureQueues(t);
    for (const ext of ['1002', '1003']) await t.putStatus(ext, { status: 'OFFLINE' });
    sim.model.register('1001');
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it("goes ON_CALL at connect, WRAP_UP at hangup for the queue's wrap-up time, then back ONLINE", async () => {
    expect((await t.putStatus('1001', { status: 'ONLINE' })).status).toBe(200);
    await t.mirror.idle();
    t.events.length = 0;
    callSales(sim);
    await waitUntil(
      async () => (await t.agent('1001')).status === 'ON_CALL',
      5000,
      () => 'ON_CALL',
    );
    const wrapUp = await waitUntil(
      async () => (await t.agent('1001')).status === 'WRAP_UP',
      5000,
      () => 'WRAP_UP',
    );
    expect(wrapUp).toBeGreaterThan(0);
    // Paused in Asterisk during wrap-up, so no queue call reaches the agent.
    await waitUntil(
      () => Object.values(simPauses(sim, 'PJSIP/1001')).every(([p, r]) => p && r === 'WRAP_UP'),
      2000,
      () => JSON.stringify(simPauses(sim, 'PJSIP/1001')),
    );
    await waitUntil(
      async () => (await t.agent('1001')).status === 'ONLINE',
      5000,
      () => 'back ONLINE',
    );
    expect(statuses(t, '1001')).toEqual(['ON_CALL', 'WRAP_UP', 'ONLINE']);

    const [period] = await t.query<{ seconds: number }>(
      `SELECT EXTRACT(EPOCH FROM ended_at - started_at)::float AS seconds FROM agent_status_history
       WHERE extension = '1001' AND status = 'WRAP_UP' ORDER BY id DESC LIMIT 1`,
    );
    expect(period.seconds).toBeGreaterThanOrEqual(WRAP_UP_SECONDS);
    expect(period.seconds).toBeLessThan(WRAP_UP_SECONDS + 0.5);
    await waitUntil(
      () => Object.values(simPauses(sim, 'PJSIP/1001')).every(([p]) => !p),
      2000,
      () => 'unpaused',
    );
    expect(await historyGaps(t, '1001')).toEqual([]);
  });

  it('applies a BREAK chosen during the call after the call and its wrap-up', async () => {
    t.events.length = 0;
    callSales(sim);
    await waitUntil(
      async () => (await t.agent('1001')).status === 'ON_CALL',
      5000,
      () => 'ON_CALL',
    );
    const chosen = await t.putStatus('1001', { status: 'BREAK', reason: 'Coffee' });
    expect(chosen.body).toMatchObject({ status: 'ON_CALL', nextStatus: 'BREAK', nextReason: 'Coffee' });
    await waitUntil(
      async () => (await t.agent('1001')).status === 'BREAK',
      8000,
      () => 'BREAK',
    );
    expect(statuses(t, '1001')).toEqual(['ON_CALL', 'ON_CALL', 'WRAP_UP', 'BREAK']);
    expect(t.events.at(-1)).toMatchObject({
      status: 'BREAK',
      reason: 'Coffee',
      previousStatus: 'WRAP_UP',
      nextStatus: null,
    });
    await waitUntil(
      () => Object.values(simPauses(sim, 'PJSIP/1001')).every(([p, r]) => p && r === 'Coffee'),
      2000,
      () => JSON.stringify(simPauses(sim, 'PJSIP/1001')),
    );
  });

  it('lets the agent end the wrap-up early with ONLINE', async () => {
    await t.putStatus('1001', { status: 'ONLINE' });
    await t.mirror.idle();
    callSales(sim);
    await waitUntil(
      async () => (await t.agent('1001')).status === 'WRAP_UP',
      8000,
      () => 'WRAP_UP',
    );
    const res = await t.putStatus('1001', { status: 'ONLINE' });
    expect(res.body).toMatchObject({ status: 'ONLINE', wrapUpEndsAt: null, source: 'manual' });
  });
});

describe('wrap-up deadlines live in Postgres', () => {
  let sim: PbxSimulator;
  let database: TestDatabase;
  const prefix = `cc-test-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    sim = await startLabSimulator();
    quickPhones(sim);
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await sim?.stop();
    await database?.drop();
  });

  it('ends a wrap-up on time although the back end restarted during it', async () => {
    const first = await createAgentStatusApp(sim, ['1001'], { database, env: { REDIS_KEY_PREFIX: prefix } });
    await first.query(
      `INSERT INTO queues (name, strategy, wrapup_seconds) VALUES ('sales', 'rrmemory', 3), ('support', 'ringall', 3)`,
    );
    await first.putStatus('1001', { status: 'ONLINE' });
    sim.model.register('1001');
    await first.mirror.idle();
    callSales(sim);
    await waitUntil(
      async () => (await first.agent('1001')).status === 'WRAP_UP',
      8000,
      () => 'WRAP_UP',
    );
    const { wrapUpEndsAt } = await first.agent('1001');
    await first.app.close();

    const second = await createAgentStatusApp(sim, ['1001'], { database, env: { REDIS_KEY_PREFIX: prefix } });
    try {
      await waitUntil(
        async () => (await second.agent('1001')).status === 'ONLINE',
        8000,
        () => 'ONLINE after restart',
      );
      const [ended] = await second.query<{ ended_at: Date }>(
        `SELECT ended_at FROM agent_status_history WHERE extension = '1001' AND status = 'WRAP_UP' ORDER BY id DESC LIMIT 1`,
      );
      const late = ended.ended_at.getTime() - new Date(wrapUpEndsAt ?? 0).getTime();
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(500);
    } finally {
      await second.app.close();
    }
  });

  it('ends each wrap-up exactly once with two instances running', async () => {
    const a = await createAgentStatusApp(sim, ['1001', '1002', '1003'], {
      database,
      env: { REDIS_KEY_PREFIX: prefix },
    });
    const b = await createAgentStatusApp(sim, [], {
      database,
      env: { REDIS_KEY_PREFIX: prefix },
      standby: true,
    });
    try {
      const service = a.app.get(AgentStatusService);
      const rounds = 5;
      const extensions = ['1001', '1002', '1003'];
      for (const ext of extensions) await a.putStatus(ext, { status: 'ONLINE' });
      const [{ since }] = await a.query<{ since: number }>(
        `SELECT COALESCE(max(id), 0)::int AS since FROM agent_status_history`,
      );
      for (let round = 0; round < rounds; round++) {
        for (const ext of extensions) {
          await service.apply(ext, { type: 'call-connected' });
          await service.apply(ext, { type: 'call-ended', wrapUpSeconds: 1 });
        }
        await waitUntil(
          async () =>
            (await Promise.all(extensions.map((e) => a.agent(e)))).every((s) => s.status === 'ONLINE'),
          5000,
          () => `round ${round}`,
        );
      }
      const wrapUps = rounds * extensions.length;
      const ended =
        (await readMetric(a, 'agent_status_wrapups_ended_total')) +
        (await readMetric(b, 'agent_status_wrapups_ended_total'));
      expect(ended).toBe(wrapUps);
      const [{ n }] = await a.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM agent_status_history WHERE status = 'WRAP_UP' AND id > $1`,
        [since],
      );
      expect(n).toBe(wrapUps);
      for (const ext of extensions) {
        expect(await historyGaps(a, ext)).toEqual([]);
        const after = await a.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM agent_status_history
           WHERE extension = $1 AND source = 'auto' AND status = 'ONLINE' AND id > $2`,
          [ext, since],
        );
        expect(after[0].count).toBe(rounds);
      }
    } finally {
      await b.app.close();
      await a.app.close();
    }
  });
});
