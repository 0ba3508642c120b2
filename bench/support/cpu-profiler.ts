// CPU profiles of just the measured window of a phase (not start-up, connecting or rebuilding), written as
// .cpuprofile files that Chrome DevTools and bench/support/cpu-profile.summary.ts read.
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

export interface CpuProfiler {
  /** Profiles `work`; writes `<dir>/<name>.cpuprofile` when the profiler was given a directory. */
  around<T>(name: string, work: () => Promise<T>): Promise<T>;
}

export function cpuProfiler(dir: string | undefined): CpuProfiler {
  if (!dir) return { around: (_name, work) => work() };
  return {
    async around(name, work) {
      const session = new Session();
      session.connect();
      try {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        const result = await work();
        const { profile } = await session.post('Profiler.stop');
        await mkdir(dir, { recursive: true });
        const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
        await writeFile(file, JSON.stringify(profile));
        process.stderr.write(`cpu profile written: ${file}\n`);
        return result;
      } finally {
        session.disconnect();
      }
    },
  };
}
