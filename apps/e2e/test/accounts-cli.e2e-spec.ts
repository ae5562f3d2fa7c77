import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { SendMessageResponse } from '@herald/contracts';
import { accessTokenFile, Platform, startPlatform, workspaceRoot } from '@herald/testing';

const herald = (...args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
      env: process.env,
      encoding: 'utf8',
    }),
  );

describe('accounts from the CLI', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const send = (apiKey: string, to: string) =>
    fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to, from: 'whatsapp', type: 'text', content: { text: 'Hi from Acme' } }),
    });

  it('creates a team, a member, a channel and a key that sends; a revoked key stops working; teams see only their own messages', async () => {
    const team = herald('teams', 'create', '--name', 'Acme');
    const member = herald('members', 'add', '--team', team.uuid, '--email', 'Agent@Acme.example');
    expect(member.email).toBe('agent@acme.example');
    expect(herald('members', 'list', '--team', team.uuid).map((m: { email: string }) => m.email)).toEqual(['agent@acme.example']);
    const channel = herald(
      'channels', 'add', '--team', team.uuid, '--name', 'Acme main',
      '--phone-number-id', '100000000000002', '--waba-id', '100000000000001', '--access-token-file', accessTokenFile('acme-token'),
    );
    expect(channel.isDefault).toBe(true);
    const key = herald('keys', 'create', '--team', team.uuid, '--name', 'backend');
    expect(key.secret).toMatch(/^hk_[0-9a-f]{48}$/);
    expect(JSON.stringify(herald('keys', 'list', '--team', team.uuid))).not.toContain(key.secret);

    const accepted = await send(key.secret, '+15550007777');
    expect(accepted.status).toBe(200);
    const { message } = (await accepted.json()) as SendMessageResponse;

    // The demo team's key cannot see Acme's message: it does not exist for that team.
    const foreign = await fetch(`${platform.ingressUrl}/messages/status/${message.uuid}`, {
      headers: { authorization: `Bearer ${platform.apiKey}` },
    });
    expect(foreign.status).toBe(404);
    const own = await fetch(`${platform.ingressUrl}/messages/status/${message.uuid}`, {
      headers: { authorization: `Bearer ${key.secret}` },
    });
    expect(own.status).toBe(200);

    herald('keys', 'revoke', '--key', key.uuid);
    const revoked = await send(key.secret, '+15550007777');
    expect(revoked.status).toBe(401);
  });

  it('says what is wrong, on stderr with exit code 1, for an unknown team', () => {
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), 'keys', 'create', '--team', '00000000-0000-4000-8000-00000000dead'], {
        env: process.env,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toBe('herald: There is no team 00000000-0000-4000-8000-00000000dead\n');
  });
});
