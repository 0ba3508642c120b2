// Dialer pick-up latency: from "an agent became free" (status ONLINE written, agent.status.changed emitted)
// to "Originate sent" (as the PBX simulator received it, over TCP), with a lead waiting for an agent.
// Beside it, in the same run: the same hand-over when no event announces the agent (found by the
// dialer's periodic re-check, DIALER_TICK_MS), i.e. what a poll-only dialer would do.
// Run: node -r @swc-node/register bench/bus-dialer-pickup.bench.ts [--rounds 20]
import { parseArgs } from 'node:util';
import { AppEventBus } from '../apps/back/src/events/app-event.bus';
import { startDialerWorld } from '../apps/back/test/integration/dialer/dialer.test-setup';
import { machineLine, ms, printBlock, row, summarize } from './support/bench-report';
import { runBench, sleep, waitFor } from './support/bench-runner';

const TICK_MS = 1000;

runBench('dialer pick-up', 240, async (ctx) => {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
  const rounds = Number(values.rounds);
  const world = await startDialerWorld({ simSpeed: 20, agentStatus: 'PAUSE', tickMs: TICK_MS });
  ctx.defer(() => world.close());
  const events = world.app.app.get(AppEventBus);
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
    await world.db.query(
      `UPDATE agent_statuses SET status = 'ONLINE', status_changed_at = now() WHERE extension = '1001'`,
    );
    if (announce) {
      events.emit('agent.status.changed', {
        extension: '1001',
        status: 'ONLINE',
        previousStatus: 'PAUSE',
        reason: null,
        source: 'manual',
        actor: null,
        statusChangedAt: new Date().toISOString(),
        nextStatus: null,
      });
    }
    await waitFor('the Originate', () => originates().length > before, 10_000);
    const sentAt = originates()[before].realTime;
    // Busy again before the call ends, so the next lead waits too.
    await world.db.query(`UPDATE agent_statuses SET status = 'PAUSE' WHERE extension = '1001'`);
    for (let open = await openAttempts(); open > 0; open = await openAttempts()) await sleep(50);
    return sentAt - freedAt;
  }

  const woken: number[] = [];
  const polled: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    woken.push(await round(i * 2, true));
    polled.push(await round(i * 2 + 1, false));
  }
  const a = summarize(woken);
  const b = summarize(polled);
  printBlock('dialer: agent became free -> Originate sent (simulator over TCP, one lead waiting)', [
    row(
      'woken by the event',
      `p50 ${ms(a.p50, 1)}  p99 ${ms(a.p99, 1)}  max ${ms(a.max, 1)}  (${a.count} rounds)`,
      24,
    ),
    row(
      `re-check only (${TICK_MS} ms)`,
      `p50 ${ms(b.p50, 1)}  p99 ${ms(b.p99, 1)}  max ${ms(b.max, 1)}  (${b.count} rounds)`,
      24,
    ),
    machineLine(24),
  ]);
});
