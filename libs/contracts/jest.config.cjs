module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'contracts', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
