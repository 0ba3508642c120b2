import type { CampaignResponse, CreateCampaignRequest } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import { DataSource } from 'typeorm';
import { BusService } from '../../../src/bus/bus.service';
import { buildDataSourceOptions } from '../../../src/database/database.options';
import { simulatorEnv, startSimulator } from '../../support/live-status-harness';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { deleteBusTopology, TEST_RABBITMQ_URL, uniqueBusPrefix } from '../bus/bus-broker.test-support';
import { migrateAndSeed } from '../live-status/queue-config.test-seed';

export const DIALER_AGENTS = ['1001', '1002', '1003'];
const RETRY_DELAYS = [200, 400];

export interface DialerWorld {
  sim: PbxSimulator;
  app: TestApp;
  database: TestDatabase;
  /** A connection of the test's own to the app's database. */
  db: DataSource;
  auth: { Authorization: string };
  createCampaign(overrides?: Partial<CreateCampaignRequest>): Promise<CampaignResponse>;
  close(): Promise<void>;
}

/** The simulator (lab: queue support with 1001-1003 registered), the app on it, agents in `agentStatus`. */
export async function startDialerWorld(options: {
  simSpeed: number;
  agentStatus: string;
  // DIALER_TICK_MS of the app (default 200).
  tickMs?: number;
}): Promise<DialerWorld> {
  const prefix = uniqueBusPrefix();
  const sim = await startSimulator({ name: 'idle' }, { speed: options.simSpeed, topology: 'lab' });
  for (const agent of DIALER_AGENTS) sim.model.register(agent);
  const database = await createTestDatabase();
  await migrateAndSeed(
    database.url,
    [{ name: 'support', strategy: 'ringall' }],
    DIALER_AGENTS.map((agent) => ({ queue: 'support', iface: `PJSIP/${agent}`, name: `Agent ${agent}` })),
  );
  const db = new DataSource(buildDataSourceOptions({ url: database.url }));
  await db.initialize();
  for (const agent of DIALER_AGENTS) {
    await db.query(`INSERT INTO agent_statuses (extension, status) VALUES ($1, $2)`, [
      agent,
      options.agentStatus,
    ]);
  }
  const app = await createTestApp({
    database,
    env: {
      ...simulatorEnv(sim),
      RABBITMQ_URL: TEST_RABBITMQ_URL,
      RABBITMQ_NAME_PREFIX: prefix,
      RABBITMQ_RETRY_DELAYS_MS: RETRY_DELAYS.join(','),
      DIALER_TICK_MS: String(options.tickMs ?? 200),
    },
  });
  await app.app.get(BusService).whenConnected();
  const auth = { Authorization: `Bearer ${(await app.createUser({ role: 'supervisor' })).token}` };
  return {
    sim,
    app,
    database,
    db,
    auth,
    createCampaign: async (overrides = {}) => {
      const response = await app.http
        .post('/api/autodialer/campaigns')
        .set(auth)
        .send({
          name: 'test campaign',
          queue: 'support',
          callingWindow: { start: '00:00', end: '23:59' },
          maxAttempts: 3,
          retryDelaysSeconds: { busy: 1, no_answer: 1, failed: 1 },
          maxConcurrentCalls: 10,
          defaultTimeZone: 'UTC',
          ...overrides,
        });
      if (response.status !== 201)
        throw new Error(`campaign not created: ${response.status} ${response.text}`);
      return response.body as CampaignResponse;
    },
    close: async () => {
      await app.close();
      await db.destroy();
      await database.drop();
      await sim.stop();
      await deleteBusTopology(prefix, RETRY_DELAYS);
    },
  };
}
