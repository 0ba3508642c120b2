// Plain Jest for the framework-free parts of the softphone (policies, codecs, mappers);
// components and services are exercised through the Angular build and, later, e2e.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'softphone',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
