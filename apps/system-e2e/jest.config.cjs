// The end-to-end suite: the four services as processes, a real Kafka broker, the machine's Postgres
// and MailDev, all started once by the global setup. Suites run one at a time: they share one clock.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'system-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 60_000,
};
