// Writes each Jest run's pass/fail counts to $CC_TEST_RESULTS_DIR so scripts/test-all.sh can print one
// `tests: N passed, N failed` line for the whole workspace (Nx runs one Jest process per target).
const fs = require('node:fs');
const path = require('node:path');

class ResultsFileReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(contexts, results) {
    const dir = process.env.CC_TEST_RESULTS_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const [context] = [...contexts];
    const name = (context && context.config.displayName && context.config.displayName.name) || 'jest';
    const summary = {
      name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, `${name}-${process.pid}.json`), JSON.stringify(summary));
  }
}

module.exports = ResultsFileReporter;
