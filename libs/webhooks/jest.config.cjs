module.exports = { ...require('../../tools/build/jest.preset.cjs'), displayName: 'webhooks-store', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
