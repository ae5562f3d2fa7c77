import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEVELOPMENT_SETTINGS } from '@herald/config';
import { customerWrites, freePort, Platform, startPlatform, workspaceRoot } from '@herald/testing';

/**
 * Runs a built entry point to its exit, in production mode unless `env` says otherwise: its exit code, and what it
 * wrote on stderr. One still running after a minute started when it should have refused: it is stopped, code null.
 */
async function runToExit(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [path.join(workspaceRoot, entry)], {
    env: { ...process.env, HERALD_ENV: 'production', PORT: String(await freePort()), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const stop = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(stop);
  return { code, stderr };
}

/** A deployment's own secrets: none of them the published development ones. */
const own = {
  WHATSAPP_APP_SECRET: 'this-deployment-s-meta-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'this-deployment-s-verify-token',
  INTERNAL_API_TOKEN: 'this-deployment-s-internal-api-token',
};

let platform: Platform;

beforeAll(async () => {
  // In development mode, as every test platform: the demo key is in the test database.
  platform = await startPlatform();
});

afterAll(async () => {
  await platform?.stop();
});

describe('a deployment in production mode', () => {
  it('refuses to start the ingress with the development app secret, saying so in one sentence', async () => {
    const { code, stderr } = await runToExit('dist/apps/ingress/src/main.js', {
      ...own,
      WHATSAPP_APP_SECRET: DEVELOPMENT_SETTINGS.WHATSAPP_APP_SECRET,
    });

    expect(code).toBe(1);
    expect(stderr).toBe(
      'ingress: Invalid configuration:\n' +
        "  - WHATSAPP_APP_SECRET is the development value, published in Herald's source: set your own, or run with " +
        `HERALD_ENV=development on a development machine (got ${DEVELOPMENT_SETTINGS.WHATSAPP_APP_SECRET.length} characters, not shown)\n`,
    );
  });

  it('refuses to start a service without the internal API token', async () => {
    const { code, stderr } = await runToExit('dist/apps/policy/src/main.js', { INTERNAL_API_TOKEN: '' });

    expect(code).toBe(1);
    expect(stderr).toMatch(/^policy: Invalid configuration:\n {2}- INTERNAL_API_TOKEN must be set: .* \(not set\)\n$/);
  });

  it('refuses to start the ingress while the demo API key opens a team in its database', async () => {
    const { code, stderr } = await runToExit('dist/apps/ingress/src/main.js', own);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^ingress: Invalid configuration:\n {2}- the demo API key [0-9a-f-]{36}, published in Herald's source, opens team /);
    expect(stderr).toContain('herald keys revoke --key ');
  });

  it('refuses to seed the demo team', async () => {
    const { code, stderr } = await runToExit('dist/apps/ingress/src/seed-demo.js', own);

    expect(code).toBe(1);
    expect(stderr).toContain("HERALD_ENV must be development to seed the demo team: its API key is published in Herald's source");
  });
});

describe('the internal APIs', () => {
  const internalCalls = () => [
    { url: `${platform.services.policy.url}/decisions/preview`, method: 'POST', body: '{}' },
    { url: `${platform.services.template.url}/templates?team=${platform.teamUuid}`, method: 'GET' },
    { url: `${platform.services.template.url}/templates/sync?team=${platform.teamUuid}`, method: 'POST' },
    { url: `${platform.services.dispatcher.url}/anything`, method: 'GET' },
    { url: `${platform.sandboxUrl}/_sandbox/messages`, method: 'GET' },
    { url: `${platform.sandboxUrl}/_sandbox/inbound`, method: 'POST', body: JSON.stringify({ from: '+15550101010', text: 'STOP' }) },
  ];

  it('answer 401 to a call without the internal API token, or with another', async () => {
    for (const call of internalCalls()) {
      for (const authorization of [undefined, 'Bearer not-the-internal-api-token', `Bearer ${platform.apiKey}`]) {
        const response = await fetch(call.url, {
          method: call.method,
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: call.body,
        });
        expect({ ...call, authorization, status: response.status }).toEqual({ ...call, authorization, status: 401 });
        expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('INTERNAL_API_TOKEN') } });
      }
    }
  });

  it('answer their health probes without it', async () => {
    for (const service of ['policy', 'template', 'dispatcher', 'whatsapp-sandbox'] as const) {
      const response = await fetch(`${platform.services[service].url}/health/ready`);
      expect({ service, status: response.status }).toEqual({ service, status: 200 });
    }
  });

  it("serve the ingress, which sends the token: a dry run and the team's templates", async () => {
    const asTheTeam = { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' };
    await customerWrites(platform, '+15550101011');

    const dryRun = await fetch(`${platform.ingressUrl}/messages/validate`, {
      method: 'POST',
      headers: asTheTeam,
      body: JSON.stringify({ to: '+15550101011', from: 'whatsapp', type: 'text', content: { text: 'Hi' } }),
    });
    expect(dryRun.status).toBe(200);
    expect(await dryRun.json()).toEqual({ valid: true, window: { open: true, closesAt: expect.any(String) } });
    const templates = await fetch(`${platform.ingressUrl}/templates`, { headers: asTheTeam });
    expect(templates.status).toBe(200);
    expect(((await templates.json()) as { templates: Array<{ name: string }> }).templates).toContainEqual(
      expect.objectContaining({ name: 'greeting' }),
    );
  });
});
