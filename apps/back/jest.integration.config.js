// Integration tests talk to the real PostgreSQL, Redis and RabbitMQ on localhost and to the PBX simulator.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'back-integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/integration/**/*.integration-spec.ts'],
  testTimeout: 60000,
  maxWorkers: 1,
};
