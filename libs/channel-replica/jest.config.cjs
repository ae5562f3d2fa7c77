module.exports = {
  ...require('../../tools/build/jest.preset.cjs'),
  displayName: 'channel-replica',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
