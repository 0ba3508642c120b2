module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'back',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
