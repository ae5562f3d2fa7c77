import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { workspaceRoot } from './service-process';

/**
 * docs/configuration.md against the configuration classes: every setting a service reads (a validated property of
 * a class in some `*.config.ts` of apps/ or libs/; loadConfig drops any other with `whitelist`) has a row, and every
 * variable a row names is such a setting or one of the process-level variables below.
 */

/** Variables the doc names that no configuration class reads, because something below Herald's code does. */
const NOT_IN_A_CONFIG_CLASS: Record<string, string> = {
  NODE_OPTIONS: "read by Node itself: the image, npm start and the tests set V8's heap limit through it",
  MALLOC_ARENA_MAX: "read by glibc's malloc: the image, npm start and the tests set it",
};

/** The deployables' names as the doc's "used by" column writes them. */
const APP_NAMES: Record<string, string> = { sandbox: 'whatsapp-sandbox' };

const filesUnder = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));

const configFiles = (root: 'apps' | 'libs'): string[] =>
  filesUnder(path.join(workspaceRoot, root)).filter((file) => /\/src\/.*\.config\.ts$/.test(file));

/** The settings of a configuration class: the properties class-validator checks, its own and inherited. */
type Schema = new (...args: never[]) => object;

const settingsOf = (schema: Schema): string[] => [
  ...new Set(getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false).map((rule) => rule.propertyName)),
];

/** Every exported class of the file that declares settings, by name. */
const configClassesIn = (file: string): Map<string, string[]> => {
  const exported = createRequire(__filename)(file) as Record<string, unknown>;
  return new Map(
    Object.entries(exported)
      .filter((entry): entry is [string, Schema] => typeof entry[1] === 'function')
      .map(([name, schema]) => [name, settingsOf(schema)] as const)
      .filter(([, settings]) => settings.length > 0),
  );
};

const classesByFile = new Map([...configFiles('apps'), ...configFiles('libs')].map((file) => [file, configClassesIn(file)]));
const settingsByClass = new Map([...classesByFile.values()].flatMap((classes) => [...classes]));
const allSettings = new Set([...settingsByClass.values()].flat());

/** An app's settings: those of every configuration class in its own folder. */
const settingsOfApp = (app: string): Set<string> =>
  new Set(
    [...classesByFile]
      .filter(([file]) => file.startsWith(path.join(workspaceRoot, 'apps', app, 'src') + path.sep))
      .flatMap(([, classes]) => [...classes.values()].flat()),
  );

interface Row {
  line: string;
  variables: string[];
  usedBy: string;
}

/** The rows of the doc's tables whose header starts with `| variable`. */
function documentedRows(): Row[] {
  const rows: Row[] = [];
  let inTable = false;
  for (const line of readFileSync(path.join(workspaceRoot, 'docs/configuration.md'), 'utf8').split('\n')) {
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (/^variable$/i.test(cells[0] ?? '')) {
      inTable = true;
      continue;
    }
    if (!inTable || /^-+$/.test(cells[0] ?? '')) continue;
    rows.push({ line, variables: [...cells[0].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]), usedBy: cells[1] ?? '' });
  }
  return rows;
}

/** Source files of apps/ and libs/ outside tests. */
const sourceFiles = (): string[] =>
  [...filesUnder(path.join(workspaceRoot, 'apps')), ...filesUnder(path.join(workspaceRoot, 'libs'))].filter(
    (file) => /\/src\/.*\.ts$/.test(file) && !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(file),
  );

describe('docs/configuration.md', () => {
  const rows = documentedRows();
  const documented = new Set(rows.flatMap((row) => row.variables));

  it('finds the configuration classes of every service', () => {
    // A class a service loads its settings with, or extends one of them, must live in a *.config.ts to be seen here.
    const loaded = sourceFiles().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:loadConfig\(|config: |extends )([A-Z][a-z]\w*Config)\b/g)].map((match) => match[1]),
    );
    expect(loaded.length).toBeGreaterThan(0);
    expect([...new Set(loaded)].filter((name) => !settingsByClass.has(name))).toEqual([]);
    expect(settingsByClass.has('BaseConfig')).toBe(true);
  });

  it('has a row for every setting of every configuration class', () => {
    const missing = [...allSettings].filter((setting) => !documented.has(setting)).sort();
    expect(missing).toEqual([]);
  });

  it('names no variable that nothing reads', () => {
    const unknown = [...documented].filter((variable) => !allSettings.has(variable) && !(variable in NOT_IN_A_CONFIG_CLASS)).sort();
    expect(unknown).toEqual([]);
  });

  it("names in its 'used by' column only services whose configuration has the row's settings", () => {
    const apps = readdirSync(path.join(workspaceRoot, 'apps'));
    const wrong = rows.flatMap((row) =>
      [...row.usedBy.matchAll(/(?<!but the )\b([a-z-]+)\b/g)]
        .map((match) => APP_NAMES[match[1]] ?? match[1])
        .filter((app) => apps.includes(app))
        .flatMap((app) => row.variables.filter((variable) => !settingsOfApp(app).has(variable) && !(variable in NOT_IN_A_CONFIG_CLASS)).map((variable) => `${variable}: ${app}`)),
    );
    expect(wrong).toEqual([]);
  });
});
