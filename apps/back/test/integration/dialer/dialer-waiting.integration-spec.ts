import Redis from 'ioredis';
import { RedisAgentReservations } from '../../../src/dialer/adapters/agent-reservation.redis';
import { AppEventBus } from '../../../src/events/app-event.bus';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisKeyPrefix } from '../../support/test-redis';
import { waitFor } from '../bus/bus-broker.test-support';
import { DIALER_AGENTS, type DialerWorld, startDialerWorld } from './dialer.test-setup';

describe('agent reservations across instances', () => {
  it('gives each agent to one attempt only, however many instances ask at once', async () => {
    const prefix = uniqueRedisKeyPrefix();
    // Two instances: two clients, one Redis.
    const clients = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
    try {
      const instances = clients.map((client) => new RedisAgentReservations(client, prefix, 60_000));
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          instances[i % 2].reserveFirstFree(DIALER_AGENTS, `attempt-${i}`),
        ),
      );
      const granted = results.filter((agent): agent is string => agent !== null);
      expect(granted.sort()).toEqual([...DIALER_AGENTS].sort());
      // Only the holder can release, so a late release of an expired reservation frees nobody else's.
      const holder = results.indexOf('1001');
      expect(await instances[0].release('1001', 'someone-else')).toBe(false);
      expect(await instances[1].release('1001', `attempt-${holder}`)).toBe(true);
      expect(await instances[0].reserveFirstFree(DIALER_AGENTS, 'attempt-next')).toBe('1001');
    } finally {
      await deleteRedisKeys(prefix);
      for (const client of clients) client.disconnect();
    }
  });
});

describe('a lead with nobody free', () => {
  let world: DialerWorld;

  beforeAll(async () => {
    // A slow re-check (5 s), so only the wake-up can explain a prompt dial.
    world = await startDialerWorld({ simSpeed: 20, agentStatus: 'PAUSE', tickMs: 5000 });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('waits without dialling, then is dialled as soon as an agent becomes free', async () => {
    const campaign = await world.createCampaign();
    const run = await world.app.http
      .post(`/api/autodialer/campaigns/${campaign.id}/run`)
      .set(world.auth)
      .send({ leads: [{ phone: '+33199999999', name: 'Patient Lead' }] });
    expect(run.status).toBe(202);

    await new Promise((resolve) => setTimeout(resolve, 6000));
    const originates = () =>
      world.sim.actionLog().filter((entry) => entry.action.toLowerCase() === 'originate');
    expect(originates()).toEqual([]);
    const waiting = await world.app.http.get(`/api/autodialer/campaigns/${campaign.id}`).set(world.auth);
    expect(waiting.body.progress).toMatchObject({ queued: 1, dialling: 0, attempts: 0 });

    await world.db.query(
      `UPDATE agent_statuses SET status = 'ONLINE', status_changed_at = now() WHERE extension = '1002'`,
    );
    const freedAt = Date.now();
    world.app.app.get(AppEventBus).emit('agent.status.changed', {
      extension: '1002',
      status: 'ONLINE',
      previousStatus: 'PAUSE',
      reason: null,
      source: 'manual',
      actor: null,
      statusChangedAt: new Date().toISOString(),
      nextStatus: null,
    });
    const [originate] = await waitFor(originates, (list) => list.length === 1, 5000);
    expect(originate.fields).toMatchObject({ Channel: 'PJSIP/1002', Exten: '+33199999999' });
    // Woken by the status change, not found by the next poll.
    expect(originate.realTime - freedAt).toBeLessThan(2000);
  });
});
