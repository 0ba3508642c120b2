// 1,000 random transitions across 20 agents, mixing manual and supervisor REST changes (some for the
// same agent at the same time), calls with and without wrap-up, and endpoint losses through the PBX
// simulator. Afterwards every agent's history tiles time exactly, the row agrees with the open period,
// time per status computes from the rows alone, and Asterisk's pauses agree with the statuses.
import type { AgentStatus } from '@cc/contracts';
import { Prng, type PbxSimulator } from '@cc/pbx-sim';
import { AgentStatusService } from '../../../src/agent-status/agent-status.service';
import {
  REQUESTABLE_STATUSES,
  TWENTY_AGENTS,
  historyGaps,
  startTwentyAgents,
  waitUntil,
  type AgentStatusTestApp,
} from './agent-status.harness';

const TRANSITIONS = 1000;

describe('1,000 random transitions across 20 agents', () => {
  let sim: PbxSimulator;
  let t: AgentStatusTestApp;

  beforeAll(async () => {
    ({ sim, t } = await startTwentyAgents());
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('keeps every history contiguous and the pauses in Asterisk in line with the statuses', async () => {
    // Seeded, so a failure replays.
    const prng = new Prng(9);
    const service = t.app.get(AgentStatusService);
    let done = 0;
    while (done < TRANSITIONS) {
      const batch: Array<Promise<unknown>> = [];
      for (let i = 0; i < 20 && done < TRANSITIONS; i++, done++) {
        // Agents drawn with replacement: two changes for one agent in a batch race on its row lock.
        const ext = prng.pick(TWENTY_AGENTS);
        const roll = prng.next();
        if (roll < 0.4) batch.push(t.putStatus(ext, { status: prng.pick(REQUESTABLE_STATUSES) }));
        else if (roll < 0.55)
          batch.push(t.putStatus(ext, { status: prng.pick(REQUESTABLE_STATUSES) }, t.supervisor.token));
        else if (roll < 0.75) batch.push(service.apply(ext, { type: 'call-connected' }));
        else if (roll < 0.92)
          batch.push(service.apply(ext, { type: 'call-ended', wrapUpSeconds: prng.pick([0, 0, 1]) }));
        else if (roll < 0.96) batch.push(service.apply(ext, { type: 'endpoint-lost' }));
        else batch.push(service.apply(ext, { type: 'endpoint-back' }));
      }
      // A few real endpoint losses through the simulator, debounced like production.
      if (done % 200 === 0) {
        const ext = prng.pick(TWENTY_AGENTS);
        sim.model.qualifyFailed(ext);
        setTimeout(() => sim.model.qualifyAnswered(ext, 700), 100);
      }
      const results = await Promise.allSettled(batch);
      const failures = results.filter((r) => r.status === 'rejected');
      expect(failures).toEqual([]);
    }

    // End every call so the wrap-ups run out, then let the mirror and the reconcile settle.
    await Promise.all(
      TWENTY_AGENTS.map((ext) => service.apply(ext, { type: 'call-ended', wrapUpSeconds: 0 })),
    );
    await waitUntil(
      async () =>
        (
          await t.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM agent_statuses WHERE status = 'WRAP_UP'`,
          )
        )[0].n === 0,
      5000,
      () => 'wrap-ups over',
    );

    for (const ext of TWENTY_AGENTS) expect(await historyGaps(t, ext)).toEqual([]);

    const mismatches = await t.query<{ extension: string }>(
      `SELECT a.extension FROM agent_statuses a
       JOIN agent_status_history h ON h.extension = a.extension AND h.ended_at IS NULL
       WHERE h.status <> a.status OR h.started_at <> a.status_changed_at`,
    );
    expect(mismatches).toEqual([]);

    // Time per status from the rows alone adds up to the span each agent's history covers.
    const spans = await t.query<{ extension: string; summed: number; span: number }>(
      `SELECT extension,
              sum(EXTRACT(EPOCH FROM COALESCE(ended_at, max_start) - started_at))::float AS summed,
              EXTRACT(EPOCH FROM max(max_start) - min(started_at))::float AS span
       FROM (SELECT *, max(started_at) OVER (PARTITION BY extension) AS max_start FROM agent_status_history) h
       GROUP BY extension`,
    );
    for (const s of spans) expect(Math.abs(s.summed - s.span)).toBeLessThan(0.001);

    const [{ changes }] = await t.query<{ changes: number }>(
      `SELECT count(*)::int AS changes FROM agent_status_history`,
    );
    expect(changes).toBeGreaterThan(TWENTY_AGENTS.length + 300);

    await t.mirror.idle();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await waitUntil(
      async () => (await t.reconciler.reconcile()) === 0,
      8000,
      () => 'pause drift zero',
    );
    const statusOf = new Map(
      (
        await t.query<{ extension: string; status: AgentStatus }>(
          `SELECT extension, status FROM agent_statuses`,
        )
      ).map((r) => [r.extension, r.status]),
    );
    for (const q of sim.groundTruth().queues)
      for (const m of q.members) {
        const status = statusOf.get(m.interface.slice('PJSIP/'.length));
        if (status === undefined || status === 'ON_CALL') continue;
        expect([m.interface, m.paused]).toEqual([m.interface, status !== 'ONLINE']);
      }
  }, 120_000);
});
