module.exports = { ...require('../../jest.preset.cjs'), displayName: 'policy', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
