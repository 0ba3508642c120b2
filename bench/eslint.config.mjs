import baseConfig from '../eslint.config.mjs';

// Benchmarks are command-line programs: printing their figures is their job.
export default [...baseConfig, { files: ['**/*.ts'], rules: { 'no-console': 'off' } }];
