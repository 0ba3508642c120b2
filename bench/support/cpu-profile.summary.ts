// Where a CPU profile's time went: the functions with the most self time, and the same time summed per
// source area (our apps and libs, each node_modules package, node internals, GC, idle).
// Run: node -r @swc-node/register bench/support/cpu-profile.summary.ts <file.cpuprofile> [--top 30]
// A profile comes from e.g. `node --cpu-prof --cpu-prof-dir=tmp/prof -r @swc-node/register bench/live-status-ingestion.bench.ts`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in microseconds per profile node id. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  // The first delta runs from the profile's start time to the first sample, mostly before profiling began.
  profile.samples.forEach((id, i) => {
    if (i > 0) times.set(id, (times.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return times;
}

function area(url: string, name: string): string {
  if (name === '(garbage collector)' || name === '(idle)' || name === '(program)') return name;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/((?:apps|libs)\/[^/]+|bench)\//.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:') || url === '') return 'node internals';
  return url;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(apps|libs|bench|node_modules)\//, '$1/');
}

function table(rows: [string, number][], total: number, top: number): string[] {
  return rows
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([label, us]) =>
        `${((us / total) * 100).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${label}`,
    );
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '30' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: cpu-profile.summary.ts <file.cpuprofile> [--top 30]');
  const top = Number(values.top);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const times = selfTimes(profile);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = times.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const label = url ? `${name}  ${shortUrl(url)}:${lineNumber + 1}` : name;
    byFunction.set(label, (byFunction.get(label) ?? 0) + us);
    const where = area(url, name);
    byArea.set(where, (byArea.get(where) ?? 0) + us);
    total += us;
  }
  const busy = total - (byArea.get('(idle)') ?? 0);
  process.stdout.write(
    [
      `${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s not idle`,
      '',
      'self time by area',
      ...table([...byArea], total, top),
      '',
      `top ${top} functions by self time`,
      ...table([...byFunction], total, top),
      '',
    ].join('\n'),
  );
}

main();
