// The fault suite: the whole platform broken piece by piece under a steady stream of messages (see
// apps/e2e/faults). Same real Kafka and PostgreSQL as the e2e tests, one suite, one run at a time.
module.exports = {
  ...require('./jest.config.cjs'),
  displayName: 'faults',
  testMatch: ['<rootDir>/faults/**/*.faults-spec.ts'],
  testTimeout: 30 * 60_000,
};
