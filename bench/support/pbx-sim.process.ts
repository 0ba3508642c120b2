import { fork } from 'node:child_process';
import { once } from 'node:events';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './bench-runner';
import type { SimChildMode, SimChildReady } from './pbx-sim.child';

export const SIM_CREDENTIALS = { username: 'bench', secret: 'bench' } as const;

/** Starts the simulator in a child process (same -r hooks as this one) and returns its AMI port. */
export async function startSimProcess(ctx: BenchContext, mode: SimChildMode): Promise<SimChildReady> {
  const child = fork(join(__dirname, 'pbx-sim.child.ts'), [mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  // On a 2-core machine the flood generator competes with the process under test for CPU; a lower
  // priority keeps the figures about ingestion (Asterisk normally has cores of its own).
  if (child.pid !== undefined) setPriority(child.pid, 10);
  ctx.defer(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send('stop');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
  });
  const died = exited.then(([code]) =>
    Promise.reject(new Error(`pbx-sim child (${mode}) exited with ${String(code)} before it was ready`)),
  );
  // Only matters while we wait for `ready`; a normal exit later must not count as unhandled.
  died.catch(() => undefined);
  return Promise.race([once(child, 'message').then(([message]) => message as SimChildReady), died]);
}
