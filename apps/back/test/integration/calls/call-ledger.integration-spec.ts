// The call ledger against the PBX simulator over TCP and the real Postgres: a queue call and direct
// calls give one row each with the facts Asterisk reported and the call.* events; AMI lost mid-call
// neither duplicates nor loses the call; the metrics endpoint agrees with a computation from the rows.
import type { AgentMetrics, CallFacts } from '@cc/contracts';
import type { PbxSimulator } from '@cc/pbx-sim';
import { computeAgentMetrics } from '../../../src/agent-metrics/domain/agent-metrics';
import { CallLedgerRepository } from '../../../src/calls/adapters/call-ledger.repository';
import { CallLedgerService } from '../../../src/calls/call-ledger.service';
import { AppEventBus } from '../../../src/events/app-event.bus';
import { dropEventSessions } from '../../support/live-status-harness';
import {
  createAgentStatusApp,
  startLabSimulator,
  waitUntil,
  type AgentStatusTestApp,
} from '../agent-status/agent-status.harness';
import { ledgerRows, metricsFromRows, type LedgerRow } from './call-ledger.harness';

interface CallEvent {
  name: 'call.started' | 'call.answered' | 'call.ended';
  facts: CallFacts;
}

describe('call ledger', () => {
  let sim: PbxSimulator;
  let t: AgentStatusTestApp;
  const events: CallEvent[] = [];

  const rowsOf = async (uniqueid: string): Promise<LedgerRow[]> =>
    (await ledgerRows(t)).filter((r) => r.uniqueid === uniqueid);
  const endedRow = async (match: (r: LedgerRow) => boolean): Promise<LedgerRow> => {
    let found: LedgerRow | undefined;
    await waitUntil(
      async () => {
        found = (await ledgerRows(t)).find((r) => match(r) && r.disposition !== null);
        return found !== undefined;
      },
      10_000,
      () => 'an ended ledger row',
    );
    return found as LedgerRow;
  };

  beforeAll(async () => {
    sim = await startLabSimulator();
    sim.model.phone = { ringSeconds: () => 0.3, talkSeconds: () => 1.2 };
    // Registered before the app starts: on wip/agent a rebuild with no contact at all fails
    // (PJSIPShowContacts answers `No Contacts found`) and ingestion never goes live.
    for (const ext of ['1001', '1002']) sim.model.register(ext);
    t = await createAgentStatusApp(sim, ['1001', '1002', '1003']);
    const bus = t.app.get(AppEventBus);
    for (const name of ['call.started', 'call.answered', 'call.ended'] as const)
      bus.on(name, (facts) => void events.push({ name, facts }));
    await t.putStatus('1002', { status: 'OFFLINE' });
    await t.putStatus('1003', { status: 'OFFLINE' });
    await t.mirror.idle();
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('writes a queue call once, with its caller, queue, agent, times and Asterisk figures, and emits call.*', async () => {
    sim.model.originate({
      channel: 'Local/500@from-external',
      callerId: '"Customer One" <+15551230001>',
      variables: [],
    });
    const row = await endedRow((r) => r.queue === 'sales');
    expect(row).toMatchObject({
      queue: 'sales',
      agent_extension: '1001',
      caller_number: '+15551230001',
      caller_name: 'Customer One',
      direction: 'inbound',
      disposition: 'answered',
      hold_seconds: 0,
    });
    expect(row.talk_seconds).toBeGreaterThanOrEqual(1);
    expect(row.talk_seconds).toBeLessThanOrEqual(2);
    expect((row.enqueued_at as Date).getTime()).toBeLessThanOrEqual((row.answered_at as Date).getTime());
    expect((row.answered_at as Date).getTime()).toBeLessThan((row.ended_at as Date).getTime());
    expect(await rowsOf(row.uniqueid)).toHaveLength(1);
    await t.app.get(CallLedgerService).drain();
    expect(events.filter((e) => e.facts.uniqueid === row.uniqueid).map((e) => e.name)).toEqual([
      'call.started',
      'call.answered',
      'call.ended',
    ]);
    expect(events.at(-1)?.facts).toMatchObject({ disposition: 'answered', agentExtension: '1001' });
  });

  it('writes an outbound and an inbound direct call of an agent once each', async () => {
    const out = sim.directCall('1002', '+15550001', 'outbound');
    const outRow = await endedRow((r) => r.direction === 'outbound');
    expect(outRow).toMatchObject({
      agent_extension: '1002',
      caller_number: '+15550001',
      queue: null,
      linkedid: out.linkedid,
      disposition: 'answered',
    });
    sim.directCall('1001', '+15550002', 'inbound', 'Jane Caller');
    const inRow = await endedRow((r) => r.direction === 'inbound' && r.queue === null);
    expect(inRow).toMatchObject({
      agent_extension: '1001',
      caller_number: '+15550002',
      caller_name: 'Jane Caller',
      disposition: 'answered',
    });
    expect(inRow.ring_seconds).toBeLessThanOrEqual(1);
    sim.directCall('1002', '+15550007', 'outbound');
    const busy = await endedRow((r) => r.caller_number === '+15550007');
    expect(busy).toMatchObject({ disposition: 'failed', answered_at: null, talk_seconds: null });
    expect((await ledgerRows(t)).map((r) => r.uniqueid).sort()).toEqual(
      [...new Set((await ledgerRows(t)).map((r) => r.uniqueid))].sort(),
    );
  });

  it('keeps one row when AMI drops mid-call and reconnects', async () => {
    sim.model.phone = { ringSeconds: () => 0.2, talkSeconds: () => 2.5 };
    const before = (await ledgerRows(t)).length;
    const call = sim.directCall('1001', '+15550003', 'outbound');
    await waitUntil(
      async () => (await ledgerRows(t)).some((r) => r.linkedid === call.linkedid && r.answered_at !== null),
      5000,
      () => 'the call answered in the ledger',
    );
    expect(dropEventSessions(sim, 'reset')).toBeGreaterThan(0);
    await waitUntil(
      () => t.ingestion.ingestorStatus.mode === 'live',
      10_000,
      () => 'ingestion live again',
    );
    const row = await endedRow((r) => r.linkedid === call.linkedid);
    expect(row).toMatchObject({ disposition: 'answered', agent_extension: '1001' });
    expect(await ledgerRows(t)).toHaveLength(before + 1);
  });

  it('closes a call that ended while AMI was down once, when the rebuild shows its channels gone', async () => {
    sim.model.phone = { ringSeconds: () => 0.2, talkSeconds: () => 1 };
    const call = sim.directCall('1002', '+15550004', 'outbound');
    await waitUntil(
      async () => (await ledgerRows(t)).some((r) => r.linkedid === call.linkedid && r.answered_at !== null),
      5000,
      () => 'the call answered in the ledger',
    );
    const ended = events.length;
    sim.faults.refuseLogins(2.5);
    dropEventSessions(sim, 'reset');
    const row = await endedRow((r) => r.linkedid === call.linkedid);
    expect(row).toMatchObject({ disposition: 'answered', agent_extension: '1002', hold_seconds: 0 });
    expect(row.talk_seconds).toBeGreaterThanOrEqual(1);
    const rows = (await ledgerRows(t)).filter((r) => r.linkedid === call.linkedid);
    expect(rows).toHaveLength(1);
    await t.app.get(CallLedgerService).drain();
    expect(
      events.slice(ended).filter((e) => e.name === 'call.ended' && e.facts.uniqueid === row.uniqueid),
    ).toHaveLength(1);
  });

  it('writes a call once when a second writer (another instance, a replay) sends the same facts', async () => {
    const [row] = await ledgerRows(t);
    const repository = t.app.get(CallLedgerRepository);
    const replayed: CallFacts = {
      uniqueid: row.uniqueid,
      linkedid: row.linkedid,
      queue: row.queue,
      agentExtension: row.agent_extension,
      callerNumber: null,
      callerName: null,
      direction: row.direction,
      enqueuedAt: new Date().toISOString(),
      answeredAt: null,
      endedAt: null,
      waitSeconds: null,
      ringSeconds: null,
      talkSeconds: null,
      holdSeconds: null,
      disposition: null,
    };
    expect(await repository.upsert(replayed)).toBe(false);
    expect(await rowsOf(row.uniqueid)).toEqual([row]);
  });

  describe('metrics', () => {
    const get = (path: string, token: string) => t.http.get(path).set('Authorization', `Bearer ${token}`);

    it("answers an agent's metrics equal to the computation from their history and ledger rows", async () => {
      const from = new Date(Date.now() - 3600_000);
      const to = new Date();
      const res = await get(
        `/api/agents/1001/metrics?from=${from.toISOString()}&to=${to.toISOString()}`,
        t.agents.get('1001')?.token ?? '',
      );
      expect(res.status).toBe(200);
      const body = res.body as AgentMetrics;
      expect(body).toEqual(await metricsFromRows(t, '1001', { from, to }, computeAgentMetrics));
      expect(body.callsHandled).toBeGreaterThanOrEqual(3);
      expect(body.secondsByStatus.ON_CALL).toBeGreaterThan(0);
    });

    it("lists every agent's metrics for a supervisor, and refuses it to an operator", async () => {
      const from = new Date(Date.now() - 3600_000);
      const to = new Date();
      const query = `from=${from.toISOString()}&to=${to.toISOString()}`;
      const res = await get(`/api/agents/metrics?${query}`, t.supervisor.token);
      expect(res.status).toBe(200);
      const all = res.body as AgentMetrics[];
      for (const ext of ['1001', '1002', '1003'])
        expect(all.find((m) => m.extension === ext)).toEqual(
          await metricsFromRows(t, ext, { from, to }, computeAgentMetrics),
        );
      expect((await get(`/api/agents/metrics?${query}`, t.agents.get('1001')?.token ?? '')).status).toBe(403);
    });

    it('answers 400 naming the field for a bad date, 404 for an unknown extension, 403 for another operator', async () => {
      const token = t.agents.get('1001')?.token ?? '';
      const bad = await get('/api/agents/1001/metrics?from=yesterday', token);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('from');
      const reversed = await get(
        `/api/agents/1001/metrics?from=${new Date().toISOString()}&to=2020-01-01T00:00:00Z`,
        token,
      );
      expect(reversed.status).toBe(400);
      expect(JSON.stringify(reversed.body)).toContain('to');
      expect((await get('/api/agents/9999/metrics', t.supervisor.token)).status).toBe(404);
      expect((await get('/api/agents/1002/metrics', token)).status).toBe(403);
      const today = await get('/api/agents/1001/metrics', token);
      expect(today.status).toBe(200);
      expect(new Date((today.body as AgentMetrics).from).getUTCHours()).toBe(0);
    });
  });
});
