// Share of the machine's CPU time the hypervisor gave to other guests (Linux /proc/stat `steal`). On
// this virtual machine it was seen between 3 % and 45 % from one second to the next on an otherwise idle
// guest: a phase measured while it runs high has fewer cycles than its neighbours, whatever the load
// average says, so every phase of a throughput bench prints it.
import { readFileSync } from 'node:fs';

interface CpuTimes {
  steal: number;
  total: number;
}

function readCpuTimes(): CpuTimes | null {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user)
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1, 9);
    const ticks = fields.map(Number);
    if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return null;
    return { steal: ticks[7], total: ticks.reduce((sum, t) => sum + t, 0) };
  } catch {
    return null;
  }
}

/** Starts a window; `stop()` gives the stolen share of all CPU time in it (0..1), NaN where unknown. */
export function stealMeter(): { stop(): number } {
  const start = readCpuTimes();
  return {
    stop: () => {
      const end = readCpuTimes();
      if (!start || !end || end.total <= start.total) return Number.NaN;
      return (end.steal - start.steal) / (end.total - start.total);
    },
  };
}

export function stealText(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(0)} %` : 'n/a';
}
