// Dialer pick-up latency: from "an agent became free" (ONLINE through agent status, agent.status.changed
// emitted) to "Originate sent" (as the PBX simulator received it, over TCP), with a lead waiting for an
// agent. Beside it, in the same run: the same hand-over when no event announces the agent (found by the
// dialer's periodic re-check, DIALER_TICK_MS), i.e. what a poll-only dialer would do.
// Run: node -r @swc-node/register bench/bus-dialer-pickup.bench.ts [--rounds 20]   (short run: --rounds 5)
import { parseArgs } from 'node:util';
import { machineLine, printBlock } from './support/bench-report';
import { runBench } from './support/bench-runner';
import { dialerPickupLines, measureDialerPickup } from './support/dialer-pickup';

runBench('dialer pick-up', 240, async (ctx) => {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
  const pickup = await measureDialerPickup(ctx, Number(values.rounds));
  printBlock('dialer: agent became free -> Originate sent (simulator over TCP, one lead waiting)', [
    ...dialerPickupLines(pickup, 24),
    machineLine(24),
  ]);
});
