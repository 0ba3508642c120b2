// The five endpoint scenarios of the system we replace, driven through the PBX simulator's SIP
// registrar model (REGISTER, qualify failures, unregister) over real AMI, asserted on Postgres, the
// REST view, the emitted events and the QueuePause actions the simulator received.
import { ENDPOINT_BACK_REASON, ENDPOINT_LOST_REASON } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import { EndpointSyncCron } from '../../../src/agent-status/endpoint-sync.cron';
import {
  createAgentStatusApp,
  FAST_AGENT_ENV,
  historyGaps,
  queuePausesFor,
  simPauses,
  startLabSimulator,
  waitUntil,
  type AgentStatusTestApp,
} from './agent-status.harness';

const DEBOUNCE_MS = Number(FAST_AGENT_ENV['ENDPOINT_DEBOUNCE_MS']);

describe('endpoint tracking', () => {
  let sim: PbxSimulator;
  let t: AgentStatusTestApp;

  beforeAll(async () => {
    sim = await startLabSimulator();
    t = await createAgentStatusApp(sim, ['1001', '1002', '1003']);
    for (const ext of ['1001', '1002', '1003']) sim.model.register(ext);
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 200));
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  const statusOf = async (ext: string) => (await t.agent(ext)).status;

  it('1. endpoint gone: the agent becomes OFFLINE (Auto) and is paused in every queue', async () => {
    expect((await t.putStatus('1001', { status: 'ONLINE' })).status).toBe(200);
    await t.mirror.idle();
    sim.model.unregister('1001');
    await waitUntil(
      async () => (await statusOf('1001')) === 'OFFLINE',
      DEBOUNCE_MS + 2000,
      () => 'OFFLINE',
    );
    expect(await t.agent('1001')).toMatchObject({
      reason: ENDPOINT_LOST_REASON,
      source: 'auto',
      previousStatus: 'ONLINE',
    });
    expect(t.events.filter((e) => e.extension === '1001').at(-1)).toMatchObject({
      status: 'OFFLINE',
      reason: ENDPOINT_LOST_REASON,
      source: 'auto',
      actor: null,
    });
    await waitUntil(
      () => Object.values(simPauses(sim, 'PJSIP/1001')).every(([p, r]) => p && r === ENDPOINT_LOST_REASON),
      2000,
      () => JSON.stringify(simPauses(sim, 'PJSIP/1001')),
    );
    expect(queuePausesFor(sim, 'PJSIP/1001').at(-1)).toMatchObject({
      Paused: 'true',
      Reason: ENDPOINT_LOST_REASON,
    });
  });

  it('2. endpoint back: the agent returns ONLINE and is unpaused', async () => {
    sim.model.register('1001');
    await waitUntil(
      async () => (await statusOf('1001')) === 'ONLINE',
      DEBOUNCE_MS + 2000,
      () => 'ONLINE',
    );
    expect(await t.agent('1001')).toMatchObject({
      reason: ENDPOINT_BACK_REASON,
      source: 'auto',
      previousStatus: 'OFFLINE',
    });
    await waitUntil(
      () => Object.values(simPauses(sim, 'PJSIP/1001')).every(([p]) => !p),
      2000,
      () => 'unpaused',
    );
    expect(queuePausesFor(sim, 'PJSIP/1001').at(-1)).toMatchObject({ Paused: 'false' });
  });

  it('3. a manual OFFLINE stays OFFLINE when the endpoint goes and comes back', async () => {
    expect((await t.putStatus('1002', { status: 'ONLINE' })).status).toBe(200);
    expect((await t.putStatus('1002', { status: 'OFFLINE' })).status).toBe(200);
    sim.model.unregister('1002');
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 300));
    sim.model.register('1002');
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 500));
    expect(await t.agent('1002')).toMatchObject({ status: 'OFFLINE', reason: null, source: 'manual' });
  });

  it('4. network loss: the agent becomes OFFLINE within debounce + 2 s', async () => {
    expect((await t.putStatus('1003', { status: 'BREAK', reason: 'Coffee' })).status).toBe(200);
    const lostAt = Date.now();
    sim.model.qualifyFailed('1003');
    await waitUntil(
      async () => (await statusOf('1003')) === 'OFFLINE',
      DEBOUNCE_MS + 2000,
      () => 'OFFLINE',
    );
    const elapsed = Date.now() - lostAt;
    expect(elapsed).toBeGreaterThanOrEqual(DEBOUNCE_MS);
    expect(elapsed).toBeLessThan(DEBOUNCE_MS + 2000);
    expect(await t.agent('1003')).toMatchObject({ reason: ENDPOINT_LOST_REASON, previousStatus: 'BREAK' });
  });

  it('5. network back: the agent returns to the status before the loss, only because that OFFLINE was automatic', async () => {
    sim.model.qualifyAnswered('1003', 700);
    await waitUntil(
      async () => (await statusOf('1003')) === 'BREAK',
      DEBOUNCE_MS + 2000,
      () => 'BREAK',
    );
    expect(await t.agent('1003')).toMatchObject({ reason: 'Coffee', source: 'auto' });

    expect((await t.putStatus('1003', { status: 'OFFLINE' })).status).toBe(200);
    sim.model.qualifyFailed('1003');
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 300));
    sim.model.qualifyAnswered('1003', 700);
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 500));
    expect(await t.agent('1003')).toMatchObject({ status: 'OFFLINE', source: 'manual' });
  });

  it('ignores a network that flaps within the debounce', async () => {
    expect((await t.putStatus('1003', { status: 'ONLINE' })).status).toBe(200);
    const before = t.events.length;
    sim.model.qualifyFailed('1003');
    sim.model.qualifyAnswered('1003', 700);
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 500));
    expect(await statusOf('1003')).toBe('ONLINE');
    expect(t.events.slice(before).filter((e) => e.extension === '1003')).toEqual([]);
  });

  it('the safety-net sync catches an endpoint that went without an event', async () => {
    sim.model.contacts.delete('1002');
    expect((await t.putStatus('1002', { status: 'ONLINE' })).status).toBe(200);
    const verdicts = await t.app.get(EndpointSyncCron).sync();
    expect(verdicts).toBeGreaterThan(0);
    await waitUntil(
      async () => (await statusOf('1002')) === 'OFFLINE',
      2000,
      () => 'OFFLINE by the sync',
    );
    expect(await t.agent('1002')).toMatchObject({ reason: ENDPOINT_LOST_REASON, source: 'auto' });
  });

  it('keeps every history contiguous', async () => {
    for (const ext of ['1001', '1002', '1003']) expect(await historyGaps(t, ext)).toEqual([]);
  });
});
