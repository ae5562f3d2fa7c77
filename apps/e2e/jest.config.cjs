// Whole-platform tests: every service as its own process, on a real Kafka broker and a real PostgreSQL database.
module.exports = {
  ...require('../../tools/build/jest.preset.cjs'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/../../libs/testing/src/global-setup.mjs',
  globalTeardown: '<rootDir>/../../libs/testing/src/global-teardown.mjs',
  testTimeout: 120_000,
};
