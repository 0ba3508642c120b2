// Writes this Vitest run's pass/fail counts to $CC_TEST_RESULTS_DIR, like tools/jest-results-reporter.js
// does for Jest, so scripts/test-all.sh prints one `tests: N passed, N failed` line for the workspace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default class ResultsFileReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const dir = process.env.CC_TEST_RESULTS_DIR;
    if (!dir) return;
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) counts.failed += 1;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `softphone-${process.pid}.json`),
      JSON.stringify({ name: 'softphone', ...counts }),
    );
  }
}
