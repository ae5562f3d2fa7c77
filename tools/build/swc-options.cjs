// One place that turns tsconfig.base.json into swc options, so the build, jest and anything else that compiles
// TypeScript agree on decorators and on the @herald/* path aliases without a second copy of them.
const path = require('node:path');
const fs = require('node:fs');

const workspaceRoot = path.resolve(__dirname, '../..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));

/** @type {Record<string, string[]>} */
const paths = tsconfig.compilerOptions.paths;

/** swc options: legacy decorators with metadata, as NestJS, TypeORM and class-validator need them. */
function swcOptions({ sourceMaps = true } = {}) {
  return {
    sourceMaps,
    module: { type: 'commonjs', strictMode: true },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      baseUrl: workspaceRoot,
      paths,
    },
  };
}

/** Jest moduleNameMapper entries for the same aliases. */
function jestModuleNameMapper() {
  return Object.fromEntries(
    Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, path.join(workspaceRoot, target)]),
  );
}

module.exports = { workspaceRoot, swcOptions, jestModuleNameMapper };
