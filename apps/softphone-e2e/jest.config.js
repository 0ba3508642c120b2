// Browser end-to-end tests: Debian's Chromium (playwright-core, no browser download) against the built
// back end serving the built app, with the PBX simulator on real AMI and SIP-over-WebSocket sockets.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'softphone-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 60000,
  maxWorkers: 1,
};
