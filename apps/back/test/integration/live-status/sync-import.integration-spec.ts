// Connecting to a PBX configured before this application: an administrator imports Asterisk's queues and
// members into Postgres, after which sync/status reports no difference with the simulator.
import type { PbxSimulator } from '@cc/pbx-sim';
import type { QueueConfigImportResult, SyncStatus } from '@cc/contracts';
import { DataSource } from 'typeorm';
import {
  createLiveStatusApp,
  startSimulator,
  waitUntil,
  type LiveStatusTestApp,
} from '../../support/live-status-harness';
import { TEST_ADMIN } from '../../support/test-app';

describe('POST /api/queue-status/sync/import', () => {
  let sim: PbxSimulator | undefined;
  let t: LiveStatusTestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('fills Postgres from Asterisk so sync/status shows no difference, and changes nothing the second time', async () => {
    sim = await startSimulator({ name: 'idle' });
    const running = sim;
    t = await createLiveStatusApp(running);
    const app = t;
    await waitUntil(() => app.ingestion.ingesting && app.ingestion.ingestorStatus.mode === 'live', 10_000);
    const login = await app.http.post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const admin = `Bearer ${login.body.accessToken as string}`;
    const status = async (): Promise<SyncStatus> =>
      (await app.http.get('/api/queue-status/sync/status').set('Authorization', admin).expect(200)).body;

    // A fresh database knows nothing of the PBX: every queue and member is "extra" in Asterisk.
    const before = await status();
    expect(before.postgres).toEqual({ queues: 0, members: 0 });
    expect(before.differences.some((d) => d.kind === 'extra' && d.against === 'asterisk')).toBe(true);

    // Only an administrator may import.
    await app.http
      .post('/api/queue-status/sync/import')
      .set('Authorization', `Bearer ${app.supervisorToken}`)
      .expect(403);

    const topology = running.model.topology.queues;
    const memberCount = topology.reduce((n, q) => n + q.members.length, 0);
    const first = await app.http
      .post('/api/queue-status/sync/import')
      .set('Authorization', admin)
      .expect(200);
    expect(first.body).toEqual<QueueConfigImportResult>({
      queuesCreated: topology.length,
      queuesUpdated: 0,
      membersCreated: memberCount,
      membersUpdated: 0,
      membersRemoved: 0,
      queuesOnlyInPostgres: [],
    });
    const rows = await app.app.get(DataSource).query('SELECT count(*)::int AS n FROM queue_members');
    expect(rows[0].n).toBe(memberCount);

    const after = await status();
    expect(after.differences).toEqual([]);
    expect(after.inSync).toBe(true);
    expect(after.postgres).toEqual({ queues: topology.length, members: memberCount });

    // Idempotent.
    const second = await app.http
      .post('/api/queue-status/sync/import')
      .set('Authorization', admin)
      .expect(200);
    expect(second.body).toMatchObject({
      queuesCreated: 0,
      queuesUpdated: 0,
      membersCreated: 0,
      membersUpdated: 0,
    });
  }, 30_000);
});
