// 1,000 random transitions across 20 agents with real calls through the PBX simulator: manual and
// supervisor REST changes (some for one agent at the same time), queue calls, direct calls in and
// out, endpoint losses and returns. Afterwards every agent's history tiles time, the metrics endpoint
// equals the computation from the rows, and the ledger holds one ended row per call the simulator
// made: its queue counters, its members' calls taken, and the direct calls placed.
import type { AgentMetrics } from '@cc/contracts';
import { Prng, type PbxSimulator } from '@cc/pbx-sim';
import { computeAgentMetrics } from '../../../src/agent-metrics/domain/agent-metrics';
import { CallLedgerService } from '../../../src/calls/call-ledger.service';
import {
  REQUESTABLE_STATUSES,
  TWENTY_AGENTS,
  historyGaps,
  startTwentyAgents,
  waitUntil,
  type AgentStatusTestApp,
} from '../agent-status/agent-status.harness';
import { ledgerRows, metricsFromRows } from './call-ledger.harness';

const QUEUE_EXTENSIONS = ['500', '501'];
const TRANSITIONS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('1,000 random transitions across 20 agents with real calls', () => {
  let sim: PbxSimulator;
  let t: AgentStatusTestApp;
  const started = new Date(Date.now() - 1000);

  beforeAll(async () => {
    ({ sim, t } = await startTwentyAgents((s) => {
      s.model.phone = { ringSeconds: () => 0.1, talkSeconds: () => 0.4 };
    }));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('keeps histories contiguous, metrics equal to the rows, and one ledger row per simulated call', async () => {
    // Seeded, so a failure replays.
    const prng = new Prng(11);
    const lost = new Set<string>();
    let directCalls = 0;
    let queueCalls = 0;
    let done = 0;
    while (done < TRANSITIONS) {
      const batch: Array<Promise<{ status: number }>> = [];
      for (let i = 0; i < 25 && done < TRANSITIONS; i++, done++) {
        const ext = prng.pick(TWENTY_AGENTS);
        const roll = prng.next();
        if (roll < 0.35) batch.push(t.putStatus(ext, { status: prng.pick(REQUESTABLE_STATUSES) }));
        else if (roll < 0.5)
          batch.push(t.putStatus(ext, { status: prng.pick(REQUESTABLE_STATUSES) }, t.supervisor.token));
        else if (roll < 0.55) batch.push(t.putStatus(ext, { status: 'ONLINE' }));
        else if (roll < 0.75) {
          sim.model.originate({
            channel: `Local/${prng.pick(QUEUE_EXTENSIONS)}@from-external`,
            callerId: `"Caller ${done}" <+1555${String(done).padStart(6, '0')}>`,
            variables: [],
          });
          queueCalls += 1;
        } else if (roll < 0.92) {
          // The last digit picks the outcome: 7 busy, 8 no answer, 9 congested, else answered.
          const number = `+1666${String(done).padStart(6, '0')}`;
          try {
            sim.directCall(ext, number, prng.next() < 0.5 ? 'outbound' : 'inbound', `Party ${done}`);
            directCalls += 1;
          } catch {
            // A phone with no reachable contact cannot call: nothing happened, nothing to record.
          }
        } else if (!lost.has(ext)) {
          sim.faults.endpoint(ext, prng.next() < 0.5 ? 'unreachable' : 'unregister');
          lost.add(ext);
        } else {
          sim.faults.endpoint(ext, 'restore');
          lost.delete(ext);
        }
      }
      const results = await Promise.all(batch);
      expect(results.filter((r) => r.status !== 200)).toEqual([]);
      await sleep(60);
    }

    // Every phone back and every agent ready, so the waiting callers are answered and all calls end.
    for (const ext of lost) sim.faults.endpoint(ext, 'restore');
    await sleep(1000);
    await Promise.all(TWENTY_AGENTS.map((ext) => t.putStatus(ext, { status: 'ONLINE' }, t.supervisor.token)));
    await waitUntil(
      () => sim.groundTruth().channels.every((c) => c.application === 'Queue' || c.application === 'Wait'),
      30_000,
      () => 'every answered call ended',
    );
    // Callers still waiting give up: abandoned calls, which the ledger must count too. (In this run
    // the simulator leaves some `support` (ringall) callers unserved after the endpoint faults.)
    await sleep(3000);
    for (const c of sim.groundTruth().channels)
      if (c.application === 'Queue') sim.model.hangupChannel(c.name);
    await waitUntil(
      () => sim.groundTruth().channels.length === 0,
      30_000,
      () => `every simulated call ended; left: ${JSON.stringify(sim.groundTruth().channels)}`,
    );
    const truth = sim.groundTruth();
    const simulatedQueueCalls = truth.queues.reduce((n, q) => n + q.completed + q.abandoned, 0);
    expect(simulatedQueueCalls).toBe(queueCalls);
    await waitUntil(
      async () =>
        (await ledgerRows(t)).filter((r) => r.disposition !== null).length >= queueCalls + directCalls,
      10_000,
      () => 'every call ended in the ledger',
    );
    await t.app.get(CallLedgerService).drain();

    // The ledger against the simulator's ground truth.
    const rows = await ledgerRows(t);
    expect(new Set(rows.map((r) => r.uniqueid)).size).toBe(rows.length);
    expect(rows.filter((r) => r.disposition === null)).toEqual([]);
    const queueRows = rows.filter((r) => r.queue !== null);
    expect(queueRows).toHaveLength(queueCalls);
    expect(rows.filter((r) => r.queue === null)).toHaveLength(directCalls);
    for (const q of truth.queues) {
      const answered = queueRows.filter((r) => r.queue === q.name && r.disposition === 'answered').length;
      expect({ queue: q.name, answered }).toEqual({ queue: q.name, answered: q.completed });
    }
    // shared_lastcall: app_queue's update_queue() counts a call in every queue the member is in,
    // so each membership shows the agent's total.
    for (const ext of TWENTY_AGENTS) {
      const taken = truth.queues
        .flatMap((q) => q.members)
        .filter((m) => m.interface === `PJSIP/${ext}`)
        .reduce((n, m) => Math.max(n, m.callsTaken), 0);
      const answered = queueRows.filter((r) => r.agent_extension === ext && r.answered_at !== null).length;
      expect({ ext, answered }).toEqual({ ext, answered: taken });
    }

    // Histories tile time; the endpoint's metrics are the computation from the rows.
    for (const ext of TWENTY_AGENTS) expect(await historyGaps(t, ext)).toEqual([]);
    const to = new Date();
    const res = await t.http
      .get(`/api/agents/metrics?from=${started.toISOString()}&to=${to.toISOString()}`)
      .set('Authorization', `Bearer ${t.supervisor.token}`);
    expect(res.status).toBe(200);
    const metrics = res.body as AgentMetrics[];
    for (const ext of TWENTY_AGENTS)
      expect(metrics.find((m) => m.extension === ext)).toEqual(
        await metricsFromRows(t, ext, { from: started, to }, computeAgentMetrics),
      );
    expect(metrics.reduce((n, m) => n + m.callsHandled, 0)).toBeGreaterThan(0);
  }, 240_000);
});
