// Specs that open sockets (AMI over TCP, SIP over WebSocket, the HTTP API) against a running simulator.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'pbx-sim-integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts'],
  testTimeout: 30000,
};
