// The dialer's pick-up latency: from "an agent became free" to "Originate sent" (as the PBX simulator
// received it, over TCP), with one lead waiting for an agent. Two ways the dialer can learn it:
// - woken: the agent goes ONLINE through agent status (AgentStatusService.setStatus: the row written in
//   its transaction, then agent.status.changed), which is how an agent becomes free in production;
// - re-check only: the row changes behind the app's back and no event comes, so only the dialer's
//   periodic re-check (DIALER_TICK_MS) finds the agent, i.e. what a poll-only dialer would do.
// Shared by bus-dialer-pickup.bench.ts and bus-publish.bench.ts.
import { AgentStatusService } from '../../apps/back/src/agent-status/agent-status.service';
import { startDialerWorld } from '../../apps/back/test/integration/dialer/dialer.test-setup';
import { ms, row, summarize } from './bench-report';
import { type BenchContext, sleep, waitFor } from './bench-runner';

const TICK_MS = 1000;
const AGENT = '1001';

export interface DialerPickup {
  woken: number[];
  polled: number[];
}

export async function measureDialerPickup(ctx: BenchContext, rounds: number): Promise<DialerPickup> {
  const world = await startDialerWorld({ simSpeed: 20, agentStatus: 'PAUSE', tickMs: TICK_MS });
  ctx.defer(() => world.close());
  const agents = world.app.app.get(AgentStatusService);
  const campaign = await world.createCampaign({ maxConcurrentCalls: 1 });
  const originates = () =>
    world.sim.actionLog().filter((entry) => entry.action.toLowerCase() === 'originate');
  const openAttempts = async () =>
    Number(
      (
        (await world.db.query(
          `SELECT count(*)::int AS n FROM dialer_attempts WHERE ended_at IS NULL`,
        )) as Array<{
          n: number;
        }>
      )[0].n,
    );

  async function round(i: number, announce: boolean): Promise<number> {
    const before = originates().length;
    await world.app.http
      .post(`/api/autodialer/campaigns/${campaign.id}/run`)
      .set(world.auth)
      .send({ leads: [{ phone: `+3319${String(i).padStart(7, '0')}` }] });
    await sleep(300); // the lead is waiting for an agent now
    const freedAt = Date.now();
    if (announce) {
      // Timed from before the write: the transaction is part of becoming free.
      await agents.setStatus(AGENT, 'ONLINE', { source: 'manual', actor: null });
    } else {
      await world.db.query(
        `UPDATE agent_statuses SET status = 'ONLINE', status_changed_at = now() WHERE extension = $1`,
        [AGENT],
      );
    }
    await waitFor('the Originate', () => originates().length > before, 10_000);
    const sentAt = originates()[before].realTime;
    // Busy again before the agent answers, so the call ends in PAUSE and the next lead waits too.
    await world.db.query(`UPDATE agent_statuses SET status = 'PAUSE' WHERE extension = $1`, [AGENT]);
    for (let open = await openAttempts(); open > 0; open = await openAttempts()) await sleep(50);
    return sentAt - freedAt;
  }

  const woken: number[] = [];
  const polled: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    woken.push(await round(i * 2, true));
    polled.push(await round(i * 2 + 1, false));
  }
  return { woken, polled };
}

export function dialerPickupLines(pickup: DialerPickup, width: number): string[] {
  const a = summarize(pickup.woken);
  const b = summarize(pickup.polled);
  return [
    row(
      'woken by agent status',
      `p50 ${ms(a.p50, 1)}  p99 ${ms(a.p99, 1)}  max ${ms(a.max, 1)}  (${a.count} rounds)`,
      width,
    ),
    row(
      `re-check only (${TICK_MS} ms)`,
      `p50 ${ms(b.p50, 1)}  p99 ${ms(b.p99, 1)}  max ${ms(b.max, 1)}  (${b.count} rounds)`,
      width,
    ),
  ];
}
