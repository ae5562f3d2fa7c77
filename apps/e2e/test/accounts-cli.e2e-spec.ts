import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { MessageStatusResponse, SendMessageResponse } from '@herald/contracts';
import { customerWrites, eventually, Platform, startPlatform, withDatabase, workspaceRoot } from '@herald/testing';

const herald = (...args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
      env: process.env,
      encoding: 'utf8',
    }),
  );

/** A CLI command expected to fail: its exit code and what it wrote on stderr. */
const heraldFails = (...args: string[]) => {
  try {
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args], { env: process.env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    return error as { status: number; stderr: string };
  }
  throw new Error(`herald ${args.join(' ')} succeeded`);
};

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
      '--phone-number-id', '100000000000005', '--waba-id', '100000000000001', '--access-token', 'acme-token',
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
      '--phone-number-id', '100000000000003', '--waba-id', '100000000000001', '--access-token', 'sandbox-token');
    const key = herald('keys', 'create', '--team', team.uuid, '--name', 'backend');
    const inbound = await fetch(`${platform.sandboxUrl}/_sandbox/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
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
      ((await (await fetch(`${platform.sandboxUrl}/_sandbox/messages?phone_number_id=${phoneNumberId}&to=${encodeURIComponent(customer)}`)).json()) as { data: unknown[] }).data;
    expect(await sentFrom('100000000000002')).toHaveLength(1);
    expect(await sentFrom('100000000000003')).toHaveLength(1);
    expect((await status(platform.apiKey, demoMessage)).status).toBe('read');

    // A number serves one channel: another team cannot take the demo number, nor Acme take it twice.
    const other = herald('teams', 'create', '--name', 'Other');
    for (const phoneNumberId of ['100000000000002', '100000000000003']) {
      const refused = heraldFails('channels', 'add', '--team', other.uuid, '--name', 'Taken', '--phone-number-id', phoneNumberId,
        '--waba-id', '100000000000001', '--access-token', 'sandbox-token');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^herald: phone number id ${phoneNumberId} already belongs to channel [0-9a-f-]{36}; a number can serve one channel only\\n$`));
    }
    expect(herald('channels', 'list', '--team', other.uuid)).toEqual([]);
  });
});
