module.exports = { ...require('../../jest.preset.cjs'), displayName: 'dispatcher', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
