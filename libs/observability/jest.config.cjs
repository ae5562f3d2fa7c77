module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'observability', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
