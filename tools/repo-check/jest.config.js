module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'repo-check',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
