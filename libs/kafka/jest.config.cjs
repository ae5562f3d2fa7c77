module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'kafka', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
