module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'ledger-store', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
