module.exports = { ...require('../../jest.preset.cjs'), displayName: 'whatsapp', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
