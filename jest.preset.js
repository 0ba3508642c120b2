// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata, which Nest's DI needs),
// path aliases mirror tsconfig.base.json.
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@cc/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
    '^@cc/ami$': path.join(root, 'libs/ami/src/index.ts'),
    '^@cc/pbx-sim$': path.join(root, 'libs/pbx-sim/src/index.ts'),
    '^@cc/realtime-client$': path.join(root, 'libs/realtime-client/src/index.ts'),
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['default', path.join(root, 'tools/jest-results-reporter.js')],
};
