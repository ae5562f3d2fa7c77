module.exports = { ...require('../../jest.preset.cjs'), displayName: 'template', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
