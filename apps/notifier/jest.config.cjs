module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'notifier', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.integration-spec.ts'] };
