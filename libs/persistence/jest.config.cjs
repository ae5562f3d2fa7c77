module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'persistence', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
