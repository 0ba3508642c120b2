import baseConfig from '../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      // Benchmarks are command-line programs: printing their figures is their job.
      'no-console': 'off',
      // They measure the back end's internals (ingestor, store, writer) directly, below its public API.
      '@nx/enforce-module-boundaries': 'off',
    },
  },
];
