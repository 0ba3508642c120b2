// Runs one benchmark with guaranteed cleanup: every resource registers its release with `defer`, and the
// releases run in reverse order whether the bench ends, throws, or overruns its time limit.

export type Release = () => Promise<unknown> | unknown;

export interface BenchContext {
  defer(release: Release): void;
}

const RELEASE_TIMEOUT_MS = 10_000;

export function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

/** Resolves once `condition` holds, polling every few ms; rejects after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * Runs `body`, then the registered releases. Past `limitSeconds` the releases run anyway and the process
 * exits non-zero: a bench must stop by itself even when a connection hangs.
 */
export function runBench(
  name: string,
  limitSeconds: number,
  body: (ctx: BenchContext) => Promise<void>,
): void {
  const releases: Release[] = [];
  let released: Promise<void> | null = null;
  const releaseAll = (): Promise<void> =>
    (released ??= (async () => {
      for (const release of releases.reverse()) {
        try {
          await Promise.race([release(), sleep(RELEASE_TIMEOUT_MS)]);
        } catch (error) {
          console.error(`${name}: cleanup step failed: ${String(error)}`);
        }
      }
    })());

  const watchdog = setTimeout(() => {
    console.error(`${name}: still running after ${limitSeconds} s, aborting`);
    void releaseAll().finally(() => process.exit(2));
  }, limitSeconds * 1000);
  watchdog.unref();

  body({ defer: (release) => releases.push(release) })
    .catch((error: unknown) => {
      console.error(`${name} failed:`, error);
      process.exitCode = 1;
    })
    .then(releaseAll)
    .finally(() => {
      clearTimeout(watchdog);
      // Sockets left half-open by a failure must not keep a finished bench alive.
      setTimeout(() => process.exit(), 200).unref();
    });
}
