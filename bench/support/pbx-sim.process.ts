import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './bench-runner';
import type { SimChildMode, SimChildReady } from './pbx-sim.child';

export const SIM_CREDENTIALS = { username: 'bench', secret: 'bench' } as const;

// On a 2-core machine the flood generator competes with the process under test for CPU; a lower
// priority keeps the figures about ingestion (Asterisk normally has cores of its own). On a machine
// busy with other work the same setting starves the simulator instead: pass 0 there.
export const SIM_NICENESS = 10;

export interface SimProcess extends SimChildReady {
  /** CPU seconds the simulator process has used so far (Linux /proc; NaN elsewhere). */
  cpuSeconds(): number;
  /** Stops the churn generator (a flood scenario goes on); the simulator goes on answering AMI. */
  halt(): Promise<void>;
  /**
   * Stops the simulator process and waits for it to exit. A phase must call it when it ends: a generator
   * left running (a flood with nobody connected still emits) takes a core from every phase after it.
   */
  stop(): Promise<void>;
}

/** Starts the simulator in a child process (same -r hooks as this one) and returns its AMI port. */
export async function startSimProcess(
  ctx: BenchContext,
  mode: SimChildMode,
  niceness = SIM_NICENESS,
): Promise<SimProcess> {
  const child = fork(join(__dirname, 'pbx-sim.child.ts'), [mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  if (child.pid !== undefined) setPriority(child.pid, niceness);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send('stop');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
  };
  ctx.defer(stop);
  const died = exited.then(([code]) =>
    Promise.reject(new Error(`pbx-sim child (${mode}) exited with ${String(code)} before it was ready`)),
  );
  // Only matters while we wait for `ready`; a normal exit later must not count as unhandled.
  died.catch(() => undefined);
  const ready = await Promise.race([
    once(child, 'message').then(([message]) => message as SimChildReady),
    died,
  ]);
  return {
    ...ready,
    halt: async () => {
      const halted = once(child, 'message');
      child.send('halt');
      await halted;
    },
    stop,
    cpuSeconds: () => (child.pid === undefined ? Number.NaN : processCpuSeconds(child.pid)),
  };
}

// utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
