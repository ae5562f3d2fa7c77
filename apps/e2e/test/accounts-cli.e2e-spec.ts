import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MessageStatusResponse, SendMessageResponse, sealedSecretPattern } from '@herald/contracts';
import { DEMO_API_KEY } from '@herald/config';
import { accessTokenFile, customerWrites, eventually, freshDatabase, Platform, startPlatform, withDatabase, workspaceRoot } from '@herald/testing';

const cliPath = path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js');

const herald = (...args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [cliPath, ...args, '--json'], {
      env: process.env,
      encoding: 'utf8',
    }),
  );

/** A command that should fail: its exit code and what it wrote to stderr. */
function heraldFails(args: string[], { env = {}, input, script }: { env?: NodeJS.ProcessEnv; input?: string; script?: string } = {}) {
  try {
    const program = script ? path.join(path.dirname(cliPath), script) : cliPath;
    const stdout = execFileSync(process.execPath, [program, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: 'pipe', input });
    return { status: 0, stderr: '', stdout };
  } catch (error) {
    const { status, stderr, stdout } = error as { status: number; stderr: string; stdout: string };
    return { status, stderr, stdout };
  }
}

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
      '--phone-number-id', '100000000000005', '--waba-id', '100000000000001', '--access-token-file', accessTokenFile('acme-token'),
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
    expect(heraldFails(['keys', 'create', '--team', '00000000-0000-4000-8000-00000000dead'])).toMatchObject({
      status: 1,
      stderr: 'herald: There is no team 00000000-0000-4000-8000-00000000dead\n',
    });
  });

  it('says every error in one line with exit code 1: malformed uuids, unknown things, bad options, no database, no key', () => {
    const team = herald('teams', 'create', '--name', 'Errors');
    const failures = {
      malformedTeam: heraldFails(['members', 'list', '--team', 'not-a-uuid']),
      malformedChannel: heraldFails(['channels', 'set', '--channel', '1234', '--name', 'x']),
      malformedKey: heraldFails(['keys', 'revoke', '--key', 'zz']),
      unknownChannel: heraldFails(['channels', 'set', '--channel', '00000000-0000-4000-8000-00000000dead', '--name', 'x']),
      missingOption: heraldFails(['channels', 'list']),
      unknownCommand: heraldFails(['teams', 'rename']),
      noDatabase: heraldFails(['teams', 'list'], { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/herald' } }),
      noKey: heraldFails(
        ['channels', 'add', '--team', team.uuid, '--name', 'x', '--phone-number-id', '100000000000031', '--waba-id', '1', '--access-token-stdin'],
        // Production mode, where no development key stands in for a missing one.
        { env: { HERALD_ENV: 'production', INTERNAL_API_TOKEN: 'this-deployment-s-own-token', HERALD_SECRET_KEY: '' }, input: 'a-token' },
      ),
    };

    for (const [name, failure] of Object.entries(failures)) {
      expect({ name, status: failure.status, stderr: failure.stderr }).toEqual({ name, status: 1, stderr: expect.stringMatching(/^herald: [^\n]+\n$/) });
    }
    expect(failures.malformedTeam.stderr).toContain("'not-a-uuid' is invalid. not a uuid.");
    expect(failures.unknownChannel.stderr).toContain('no channel 00000000-0000-4000-8000-00000000dead');
    expect(failures.noDatabase.stderr).toContain('ECONNREFUSED');
    expect(failures.noKey.stderr).toContain('HERALD_SECRET_KEY must be 32 random bytes in base64 or hex');
    expect(herald('channels', 'list', '--team', team.uuid)).toEqual([]);
  });

  it('reads an access token from a file or standard input, and refuses one on the command line', async () => {
    const team = herald('teams', 'create', '--name', 'Tokens');
    const token = `EAAGcli${randomBytes(8).toString('hex')}`;
    const common = ['channels', 'add', '--team', team.uuid, '--name', 'Tokens main', '--phone-number-id', '100000000000032', '--waba-id', '100000000000001'];

    const refused = heraldFails([...common, '--access-token', token]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      'herald: --access-token is refused: a token on the command line shows in `ps` and in shell history; use --access-token-file <path> or --access-token-stdin\n',
    );
    expect(heraldFails([...common])).toMatchObject({ status: 1, stderr: expect.stringContaining('needs the access token') });
    expect(heraldFails([...common, '--access-token-file', '/nonexistent/token'])).toMatchObject({
      status: 1,
      stderr: 'herald: cannot read the access token file /nonexistent/token: ENOENT\n',
    });
    expect(heraldFails([...common, '--access-token-stdin'], { input: '' })).toMatchObject({ status: 1, stderr: 'herald: the access token given is empty\n' });
    expect(herald('channels', 'list', '--team', team.uuid)).toEqual([]);

    const added = JSON.parse(heraldFails([...common, '--access-token-stdin', '--json'], { input: `${token}\n` }).stdout);
    const updated = herald('channels', 'set', '--channel', added.uuid, '--access-token-file', accessTokenFile(`${token}-2`));
    expect(updated.uuid).toBe(added.uuid);
    const stored = await withDatabase(async (database) =>
      (await database.query('SELECT access_token_sealed FROM ingress.channels WHERE uuid = $1', [added.uuid])).rows[0].access_token_sealed as string,
    );
    expect(stored).toMatch(sealedSecretPattern);
  });

  it('never turns a revoked key back on, even when it is created again with the same secret', async () => {
    // The demo seed creates a key with a secret it is given (the published demo key): run it on a database of its own,
    // so that revoking that key there leaves this platform's demo key alone.
    const own = await freshDatabase(['ingress']);
    try {
      const env = { ...process.env, ...platform.services.ingress.env, DATABASE_URL: own.url };
      const seed = () => heraldFails([], { env, script: 'seed-demo.js' });
      expect(seed().status).toBe(0);
      const key = (JSON.parse(heraldFails(['keys', 'list', '--team', platform.teamUuid, '--json'], { env }).stdout) as Array<{ uuid: string; prefix: string }>).find(
        (listed) => listed.prefix === DEMO_API_KEY.slice(0, 10),
      );
      expect(heraldFails(['keys', 'revoke', '--key', key!.uuid], { env }).status).toBe(0);

      const again = seed();
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('was revoked, and a revoked key is never turned back on');
      const revokedAt = await withDatabase(async (database) => (await database.query('SELECT revoked_at FROM ingress.api_keys WHERE uuid = $1', [key!.uuid])).rows[0]?.revoked_at, own.url);
      expect(revokedAt).toBeInstanceOf(Date);
    } finally {
      await own.drop();
    }
  });

  it("runs the README's accounts walkthrough to the end: both teams' messages to one customer, on their own numbers, read", async () => {
    const customer = '+15550006161';
    const status = async (apiKey: string, uuid: string) => {
      const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, { headers: { authorization: `Bearer ${apiKey}` } });
      return ((await response.json()) as MessageStatusResponse).message;
    };
    const read = (apiKey: string, uuid: string) => eventually(async () => ((await status(apiKey, uuid))?.status === 'read' ? true : undefined));
    const sent = async (response: Response) => {
      expect(response.status).toBe(200);
      return ((await response.json()) as SendMessageResponse).message.uuid;
    };

    // The demo team's number (as `npm start` leaves it): the customer writes, the demo team answers.
    await customerWrites(platform, customer);
    const demoMessage = await sent(await send(platform.apiKey, customer));
    await read(platform.apiKey, demoMessage);

    // The walkthrough, step by step.
    const team = herald('teams', 'create', '--name', 'Acme');
    herald('members', 'add', '--team', team.uuid, '--email', 'agent@acme.example');
    herald('channels', 'add', '--team', team.uuid, '--name', 'Acme main',
      '--phone-number-id', '100000000000003', '--waba-id', '100000000000001', '--access-token-file', accessTokenFile('sandbox-token'));
    const key = herald('keys', 'create', '--team', team.uuid, '--name', 'backend');
    const inbound = await fetch(`${platform.sandboxUrl}/_sandbox/inbound`, {
      method: 'POST',
      headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ from: customer, phone_number_id: '100000000000003', text: 'Hi Acme' }),
    });
    expect(inbound.status).toBe(200);
    const { wamid } = (await inbound.json()) as { wamid: string };
    // A person typing the next command gives the policy the moment it takes to read the customer's message.
    await withDatabase((database) =>
      eventually(async () => ((await database.query('SELECT 1 FROM policy.inbound_messages WHERE provider_message_id = $1', [wamid])).rowCount ? true : undefined)),
    );
    const acmeMessage = await sent(await send(key.secret, customer));
    await read(key.secret, acmeMessage);

    // Each went out from its own team's number.
    const sentFrom = async (phoneNumberId: string) =>
      ((await (await fetch(`${platform.sandboxUrl}/_sandbox/messages?phone_number_id=${phoneNumberId}&to=${encodeURIComponent(customer)}`, { headers: platform.internalHeaders })).json()) as { data: unknown[] }).data;
    expect(await sentFrom('100000000000002')).toHaveLength(1);
    expect(await sentFrom('100000000000003')).toHaveLength(1);
    expect((await status(platform.apiKey, demoMessage)).status).toBe('read');

    // A number serves one channel: another team cannot take the demo number, nor Acme take it twice.
    const other = herald('teams', 'create', '--name', 'Other');
    for (const phoneNumberId of ['100000000000002', '100000000000003']) {
      const refused = heraldFails(['channels', 'add', '--team', other.uuid, '--name', 'Taken', '--phone-number-id', phoneNumberId,
        '--waba-id', '100000000000001', '--access-token-file', accessTokenFile('sandbox-token')]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^herald: phone number id ${phoneNumberId} already belongs to channel [0-9a-f-]{36}; a number can serve one channel only\\n$`));
    }
    expect(herald('channels', 'list', '--team', other.uuid)).toEqual([]);
  });
});
