// Shared by every project's jest config: TypeScript through swc (with decorator metadata), the @herald/* aliases.
const { swcOptions, jestModuleNameMapper } = require('./swc-options.cjs');

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: jestModuleNameMapper(),
  clearMocks: true,
  // Decorator metadata (Nest, TypeORM, class-transformer) needs the Reflect API that each main.ts loads first.
  setupFiles: ['reflect-metadata'],
};
