#!/usr/bin/env node
// Compiles the workspace (every app and lib) into dist/ with swc, mirroring the source tree, so that
// `node dist/apps/<app>/src/main.js` runs without a TypeScript loader. Path aliases become relative imports.
const path = require('node:path');
const fs = require('node:fs');
const swc = require('@swc/core');
const { workspaceRoot, swcOptions } = require('./swc-options.cjs');

const outDir = path.join(workspaceRoot, 'dist');
// `build.cjs apps/ingress` compiles that app and the libs; no argument compiles every app.
const roots = [process.argv[2] ?? 'apps', 'libs'].map((dir) => path.join(workspaceRoot, dir));
const skip = (file) => file.endsWith('.spec.ts') || file.endsWith('.integration-spec.ts') || file.endsWith('.d.ts') || file.includes(`${path.sep}test${path.sep}`);

function* sources(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !skip(full)) {
      yield full;
    }
  }
}

// Parallel builds of two apps write the same lib files; a rename never leaves a half-written one behind.
function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

async function main() {
  const started = Date.now();
  const options = swcOptions();
  let count = 0;
  await Promise.all(
    roots.flatMap((root) =>
      [...sources(root)].map(async (file) => {
        const relative = path.relative(workspaceRoot, file);
        const target = path.join(outDir, relative.replace(/\.ts$/, '.js'));
        const { code, map } = await swc.transformFile(file, { ...options, filename: file, outputPath: target });
        fs.mkdirSync(path.dirname(target), { recursive: true });
        writeAtomically(target, map ? `${code}\n//# sourceMappingURL=${path.basename(target)}.map` : code);
        if (map) writeAtomically(`${target}.map`, map);
        count += 1;
      }),
    ),
  );
  console.log(`built ${count} files into dist/ in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
