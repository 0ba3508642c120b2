module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ami',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
