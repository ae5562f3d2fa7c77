module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'runtime', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
