// The PBX simulator drives a burst of live-state changes through the real ingestion path; clients
// join during it, one loses its connection for 5 s, and each must end with exactly the state in Redis.
import type { LiveStatusChange } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import type { LiveRoomWatch } from '@cc/realtime-client';
import { AppEventBus } from '../../../src/events/app-event.bus';
import { LiveStatusIngestionService } from '../../../src/live-status/ingestion/live-status-ingestion.service';
import { freezeSimulator, simulatorEnv, startSimulator, waitUntil } from '../../support/live-status-harness';
import type { TestApp } from '../../support/test-app';
import { clientState, describeDifference, redisState } from './support/live-state-comparison';
import { createRealtimeTestApp } from './support/realtime-test-app';
import { closeAllSockets, realtimeClient } from './support/realtime-test-clients';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const BURST = 10_000;

describe('live rooms during a burst of changes', () => {
  let sim: PbxSimulator;
  let t: TestApp;
  let proxy: TcpProxy;
  let supervisorToken: string;
  let changes = 0;

  beforeAll(async () => {
    sim = await startSimulator(
      {
        name: 'load',
        calls: 5000,
        queues: 3,
        agents: 30,
        pauses: 40,
        registrationLosses: 10,
        restartAtCall: null,
        callIntervalSeconds: 0.5,
      },
      { speed: 60 },
    );
    t = await createRealtimeTestApp({ env: simulatorEnv(sim) });
    t.app
      .get(AppEventBus)
      .on('live.state.changed', ({ changes: batch }: { changes: readonly LiveStatusChange[] }) => {
        changes += batch.length;
      });
    proxy = await startTcpProxy(Number(new URL(t.url).port));
    supervisorToken = (await t.createUser({ role: 'supervisor' })).token;
  });

  afterAll(async () => {
    closeAllSockets();
    await proxy?.close();
    await t?.close();
    await sim?.stop();
  });

  it('ends every client with exactly the state in Redis: joined before, during, and cut off for 5 s', async () => {
    const watch = (url: string, room: 'live' | 'queue:sales'): LiveRoomWatch => {
      const client = realtimeClient(url, supervisorToken);
      void client.connect();
      return client.watchLive(room);
    };
    await waitUntil(
      () => changes > 0,
      15_000,
      () => 'first live-state change',
    );
    const early = watch(t.url, 'live');
    const cutClient = realtimeClient(`http://127.0.0.1:${proxy.port}`, supervisorToken);
    await cutClient.connect();
    const cut = cutClient.watchLive('live');
    await Promise.all([early.ready, cut.ready]);

    await waitUntil(
      () => changes >= BURST * 0.3,
      60_000,
      () => `${changes} changes`,
    );
    const joinedAt = changes;
    const during = watch(t.url, 'live');
    const duringQueue = watch(t.url, 'queue:sales');
    await Promise.all([during.ready, duringQueue.ready]);

    let disconnects = 0;
    cutClient.socket.on('disconnect', () => disconnects++);
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const changesDuringCut = changes;
    proxy.restore();

    await waitUntil(
      () => changes >= BURST,
      90_000,
      () => `${changes} changes`,
    );
    freezeSimulator(sim);
    await t.app.get(LiveStatusIngestionService).flush();

    const clients = { early, during, duringQueue, cut };
    let last = '';
    await waitUntil(
      async () => {
        const live = await redisState(t, supervisorToken);
        const sales = await redisState(t, supervisorToken, 'sales');
        const diffs = Object.entries(clients).map(([name, c]) => [
          name,
          describeDifference(clientState(c.state), c.state.room === 'live' ? live : sales),
        ]);
        last = JSON.stringify(diffs);
        return diffs.every(([, diff]) => diff === 'equal');
      },
      15_000,
      () => last,
      250,
    );
    const live = await redisState(t, supervisorToken);
    expect(clientState(during.state)).toEqual(live);
    expect(clientState(cut.state)).toEqual(live);
    expect(clientState(duringQueue.state)).toEqual(await redisState(t, supervisorToken, 'sales'));
    expect(live.channels.length + live.operators.length).toBeGreaterThan(0);
    expect(joinedAt).toBeLessThan(BURST);
    expect(disconnects).toBe(1);
    expect(cutClient.socket.connected).toBe(true);

    const metrics = (await t.http.get('/metrics').expect(200)).text as string;
    const metric = (series: string) => {
      const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
    };
    expect(metric('realtime_sockets')).toBeGreaterThanOrEqual(4);
    expect(metric('realtime_rooms')).toBeGreaterThanOrEqual(2);
    expect(metric('realtime_events_emitted{event="live:batch"}')).toBeGreaterThan(0);
    expect(metric('realtime_live_changes_not_sent{outcome="coalesced"}')).toBeGreaterThan(0);
    expect(metric('realtime_live_changes_not_sent{outcome="dropped"}')).toBe(0);
    process.stdout.write(
      `[realtime burst] ${changes} changes; joined during at ${joinedAt}; ${changesDuringCut - joinedAt} changes ` +
        `before the cut ended; cut client ${cutClient.socket.recovered ? 'recovered its session' : 'lost its session'} ` +
        `and fetched ${cut.resyncs} fresh snapshot(s); resyncs: early ${early.resyncs}, during ${during.resyncs}\n`,
    );
  }, 180_000);
});
