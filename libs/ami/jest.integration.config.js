// Specs that open sockets: the AMI client against a scripted AMI server over real TCP.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ami-integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts'],
  testTimeout: 30000,
};
