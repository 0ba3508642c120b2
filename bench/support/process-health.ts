// How a benchmark process fared over a run: the CPU it used, how long its main thread sat runnable
// waiting for a core (Linux schedstat; other processes' load shows here, not in our own figures), and
// how late its event loop ran. On a shared machine these say whether a latency is ours or the machine's.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProcessHealth {
  cpuMs: number;
  /** Time the main thread was ready to run but had no core; null where the kernel does not say. */
  runQueueWaitMs: number | null;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

function schedWaitNs(): number | null {
  try {
    const fields = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(fields[1]) ? fields[1] : null;
  } catch {
    return null;
  }
}

/** Starts watching this process; `stop()` returns what happened since. */
export function watchProcess(): { stop(): ProcessHealth } {
  const cpuAtStart = process.cpuUsage();
  const waitAtStart = schedWaitNs();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return {
    stop() {
      delay.disable();
      const cpu = process.cpuUsage(cpuAtStart);
      const waitNow = schedWaitNs();
      return {
        cpuMs: (cpu.user + cpu.system) / 1000,
        runQueueWaitMs: waitAtStart === null || waitNow === null ? null : (waitNow - waitAtStart) / 1e6,
        loopDelayP99Ms: delay.percentile(99) / 1e6,
        loopDelayMaxMs: delay.max / 1e6,
      };
    },
  };
}

export function healthLine(who: string, health: ProcessHealth, seconds: number): string {
  const perSecond = (ms: number) => `${Math.round(ms / seconds)} ms/s`;
  return (
    `${who}: CPU ${perSecond(health.cpuMs)}` +
    (health.runQueueWaitMs === null ? '' : `, waited for a core ${perSecond(health.runQueueWaitMs)}`) +
    `, event-loop delay p99 ${Math.round(health.loopDelayP99Ms)} ms (max ${Math.round(health.loopDelayMaxMs)})`
  );
}
