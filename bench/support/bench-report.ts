// Figures and verdict lines shared by the live-status benchmarks: every bench prints one block of the same shape.
import { cpus, loadavg } from 'node:os';

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1] : Number.NaN,
  };
}

export function ms(value: number, digits = 2): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

export function perSecond(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')}/s`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function verdict(ok: boolean): 'PASS' | 'MISS' {
  return ok ? 'PASS' : 'MISS';
}

/** Left-aligned label column so the figures of one block line up. */
export function row(label: string, text: string, width = 18): string {
  return `  ${label.padEnd(width)}${text}`;
}

export function printBlock(title: string, lines: readonly string[]): void {
  process.stdout.write(`${title}\n${lines.join('\n')}\n`);
}

/** Figures on a shared machine depend on what else runs: every block says how loaded it was. */
export function machineLine(width?: number, when?: string): string {
  const [one, five] = loadavg();
  return row(
    when ? `machine, ${when}` : 'machine',
    `${cpus().length} cores, load average ${one.toFixed(1)} (1 min) ${five.toFixed(1)} (5 min), node ${process.version}`,
    width,
  );
}
