// A fresh PBX (no contact registered) or one failing list action must not leave the back end blind:
// the rest of the state is rebuilt, live events flow, and /health/ready and /metrics say what is missing.
import type { PbxSimulator } from '@cc/pbx-sim';
import {
  createLiveStatusApp,
  dropEventSessions,
  readMetric,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
} from '../../support/live-status-harness';

interface ReadyBody {
  status: string;
  degraded: string[];
  checks: Record<string, { status: string; details?: { failedLists?: string[] } }>;
}

describe('rebuild when a list action fails', () => {
  let sim: PbxSimulator | undefined;
  let t: LiveStatusTestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('rebuilds the rest, lets events flow, reports degraded until the failing list answers again', async () => {
    sim = await startSimulator({ name: 'idle' });
    const running = sim;
    // Every PJSIPShowContacts answers `Response: Error` until the fault is cleared.
    running.faults.failAction('PJSIPShowContacts', 'error');
    t = await createLiveStatusApp(running);
    const app = t;
    // 200 while AMI is logged in; 503 for the moment a reconnect takes (the `ami` check is required).
    const ready = async (): Promise<ReadyBody> => (await app.http.get('/health/ready')).body;

    await waitUntil(() => app.ingestion.ingesting && app.ingestion.ingestorStatus.mode === 'live', 10_000);
    // Queues and members came from the lists that answered.
    const queue = running.model.topology.queues[0];
    const member = queue.members[0];
    const memberId = `${queue.name}:${member.interface}`;
    const snapshot = await app.snapshot();
    expect(snapshot.queues.map((q) => q.name)).toContain(queue.name);
    expect(snapshot.operators.map((o) => o.id)).toContain(memberId);

    const body = (await app.http.get('/health/ready').expect(200)).body as ReadyBody;
    expect(body.status).toBe('ok');
    expect(body.degraded).toContain('liveStatus');
    expect(body.checks['liveStatus']).toMatchObject({
      status: 'degraded',
      details: { failedLists: ['PJSIPShowContacts'] },
    });
    expect(await readMetric(app, 'live_status_rebuild_pending')).toBe(1);
    expect(await readMetric(app, 'live_status_rebuild_list_failures_total')).toBeGreaterThanOrEqual(1);

    // Live events are applied meanwhile: a pause made in the PBX shows in the API.
    running.model.pauseMember(member.interface, true, 'lunch', queue.name);
    await waitUntil(
      async () => (await app.snapshot()).operators.find((o) => o.id === memberId)?.pausedReason === 'lunch',
      5000,
      () => 'the pause never reached the live state',
    );

    // The list answers again: the retry completes the rebuild and readiness is clean.
    running.faults.clearActionFaults();
    await waitUntil(async () => (await ready()).checks['liveStatus']?.status === 'up', 10_000);
    expect((await ready()).degraded).toEqual([]);
    expect(await readMetric(app, 'live_status_rebuild_pending')).toBe(0);

    // A reconnect means AMI missed events again: degraded until the next complete rebuild.
    running.faults.failAction('PJSIPShowContacts', 'error');
    expect(dropEventSessions(running, 'reset')).toBe(1);
    await waitUntil(
      async () => (await ready()).checks['liveStatus']?.status === 'degraded',
      10_000,
      () => 'readiness never said degraded after the reconnect',
    );
  }, 40_000);
});
