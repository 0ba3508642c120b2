// Two back ends on one Redis and one simulator: a feature on the instance that does NOT ingest sends
// QueuePause through AMI_ACTION_PORT; the simulator must receive every one, fast, across a lease failover.
import type { PbxSimulator } from '@cc/pbx-sim';
import { AmiActionSession } from '../../../src/ami/ami-action.session';
import { AMI_ACTION_PORT, type AmiActionPort } from '../../../src/ami/ami-action.port';
import {
  createLiveStatusApp,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
} from '../../support/live-status-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { deleteRedisKeys, uniqueRedisKeyPrefix } from '../../support/test-redis';

const SENDS = 200;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('AMI actions from any instance', () => {
  const prefix = uniqueRedisKeyPrefix();
  let database: TestDatabase | undefined;
  let sim: PbxSimulator | undefined;
  const apps: LiveStatusTestApp[] = [];

  afterAll(async () => {
    // app.close(), not t.close(): the instances share the Redis keys and the database.
    for (const t of apps) await t.app.close().catch(() => undefined);
    await sim?.stop();
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('a QueuePause sent on the standby reaches the simulator within 100 ms p99, before and after a failover', async () => {
    database = await createTestDatabase();
    sim = await startSimulator({ name: 'idle' });
    const running = sim;
    const env = { REDIS_KEY_PREFIX: prefix };
    const leader = await createLiveStatusApp(running, {
      database,
      env: { ...env, INSTANCE_ID: 'actions-a' },
    });
    apps.push(leader);
    await waitUntil(() => leader.ingestion.ingesting, 10_000);
    const standby = await createLiveStatusApp(running, {
      database,
      env: { ...env, INSTANCE_ID: 'actions-b' },
    });
    apps.push(standby);
    await waitUntil(() => standby.app.get(AmiActionSession).status === 'connected', 5000);
    expect(standby.ingestion.ingesting).toBe(false);

    const port = standby.app.get<AmiActionPort>(AMI_ACTION_PORT);
    const member = running.model.topology.queues[0].members[0];
    const queue = running.model.topology.queues[0].name;
    const pausesLogged = () =>
      running.actionLog().filter((entry) => entry.action.toLowerCase() === 'queuepause');
    const before = pausesLogged().length;

    const latencies: number[] = [];
    for (let i = 0; i < SENDS; i++) {
      if (i === SENDS / 2) {
        // The lease holder goes away mid-way: the standby's actions must not notice.
        await leader.app.close();
      }
      const started = performance.now();
      const outcome = await port.send({
        Action: 'QueuePause',
        Queue: queue,
        Interface: member.interface,
        Paused: i % 2 === 0 ? 'true' : 'false',
        Reason: `break-${i}`,
      });
      latencies.push(performance.now() - started);
      expect(outcome).toEqual({ success: true, message: expect.stringMatching(/paused successfully/) });
    }
    await waitUntil(() => standby.ingestion.ingesting, 6000);

    // Every pause reached the simulator, and the last one is what its ground truth shows.
    expect(pausesLogged().length - before).toBe(SENDS);
    const truth = running.groundTruth().queues.find((q) => q.name === queue);
    expect(truth?.members.find((m) => m.interface === member.interface)).toMatchObject({ paused: false });

    const sorted = [...latencies].sort((a, b) => a - b);
    const [p50, p99] = [percentile(sorted, 50), percentile(sorted, 99)];
    process.stdout.write(
      `[ami-actions] ${SENDS} QueuePause from the standby, leader stopped after ${SENDS / 2}: ` +
        `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms\n`,
    );
    expect(p99).toBeLessThanOrEqual(100);
  }, 60_000);

  it("resolves Asterisk's Error answer and rejects an action that gets no answer in time", async () => {
    const running = sim as PbxSimulator;
    const port = apps[1].app.get<AmiActionPort>(AMI_ACTION_PORT);
    await expect(
      port.send({ Action: 'QueuePause', Interface: 'PJSIP/does-not-exist', Paused: 'true' }),
    ).resolves.toEqual({ success: false, message: 'Interface not found' });

    running.faults.failAction('QueuePause', 'timeout', 1);
    const member = running.model.topology.queues[0].members[0];
    await expect(
      port.send({ Action: 'QueuePause', Interface: member.interface, Paused: 'true' }, { timeoutMs: 200 }),
    ).rejects.toThrow(/timed out|timeout/i);
    // The session survives a lost answer: the next action goes through.
    await expect(
      port.send({ Action: 'QueuePause', Interface: member.interface, Paused: 'false' }),
    ).resolves.toMatchObject({ success: true });
  }, 20_000);
});
