// `npm run test:keycloak`: the desk against a real Keycloak 26.7.3 (R25), apart from `npm test` (Keycloak takes
// 30 s to several minutes to start and about 800 MB of memory). Its global setup starts Keycloak, then the system.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'keycloak-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.keycloak-spec.ts'],
  globalSetup: '<rootDir>/src/support/keycloak-global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 60_000,
};
