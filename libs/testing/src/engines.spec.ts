import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { workspaceRoot } from './service-process';

const semver = createRequire(__filename)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

const readJson = (file: string) => JSON.parse(readFileSync(path.join(workspaceRoot, file), 'utf8'));
const supported: string = readJson('package.json').engines.node;
const installed = readJson('package-lock.json').packages as Record<string, { engines?: { node?: string } | string[] }>;

describe("package.json's engines", () => {
  it('names a Node version every installed package runs on, so `npm ci` warns of none (EBADENGINE)', () => {
    const oldest = semver.minVersion(supported)?.version ?? '';
    const refusing = Object.entries(installed)
      .map(([where, lock]) => ({ where, node: Array.isArray(lock.engines) ? undefined : lock.engines?.node }))
      .filter(({ where, node }) => where !== '' && node !== undefined && !semver.satisfies(oldest, node));

    expect(oldest).not.toBe('');
    expect(refusing).toEqual([]);
  });
});
