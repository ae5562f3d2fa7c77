module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'policy', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.integration-spec.ts'] };
