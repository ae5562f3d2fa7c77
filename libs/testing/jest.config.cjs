module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'testing', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
