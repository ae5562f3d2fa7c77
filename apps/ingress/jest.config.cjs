module.exports = { ...require('../../jest.preset.cjs'), displayName: 'ingress', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
