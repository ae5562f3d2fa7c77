module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'dispatcher', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
