import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { MessageStatusResponse, SendMessageResponse, Topics } from '@herald/contracts';
import { accessTokenFile, consentRecorded, customerWrites, eventually, Platform, publishRaw, readTopic, startPlatform, upstreamRequest, withDatabase, workspaceRoot } from '@herald/testing';
import { signWebhookBody } from '@herald/whatsapp';

describe('the policy: session window, opt-out, replays', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const send = async (body: Record<string, unknown>) => {
    const response = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as SendMessageResponse).message.uuid;
  };
  const text = (to: string, words = 'Hello') => send({ to, from: 'whatsapp', type: 'text', content: { text: words } });
  const finalStatus = (uuid: string) =>
    eventually(async () => {
      const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
      const { message } = (await response.json()) as MessageStatusResponse;
      // A message published straight to Kafka has no ledger row until the ingress consumed it (404, no message).
      return message && ['rejected', 'read', 'failed'].includes(message.status) ? message : undefined;
    });

  it('refuses a free-form message to a customer who never wrote, and says why on the status', async () => {
    const message = await finalStatus(await text('+15550100001'));
    expect(message.status).toBe('rejected');
    expect(message.failure).toEqual({ code: 'session_window_closed', message: expect.stringContaining('never written') });
    expect(message.statusHistory.map((change) => change.status)).toEqual(['enqueued', 'rejected']);
  });

  it('sends once the customer has written', async () => {
    await customerWrites(platform, '+15550100002');
    expect((await finalStatus(await text('+15550100002'))).status).toBe('read');
  });

  it('keeps the window open 23 h 59 m after the customer wrote, and closed 24 h 01 m after', async () => {
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await customerWrites(platform, '+15550100008', { sentAt: minutesAgo(23 * 60 + 59) });
    await customerWrites(platform, '+15550100009', { sentAt: minutesAgo(24 * 60 + 1) });
    expect((await finalStatus(await text('+15550100008'))).status).toBe('read');
    const closed = await finalStatus(await text('+15550100009'));
    expect(closed.status).toBe('rejected');
    expect(closed.failure).toEqual({ code: 'session_window_closed', message: expect.stringContaining('window closed at') });
    // An inbound message reopens it.
    await customerWrites(platform, '+15550100009', { text: 'Back again' });
    expect((await finalStatus(await text('+15550100009'))).status).toBe('read');
  });

  it('refuses everything after the customer writes STOP, and sends again after START', async () => {
    await customerWrites(platform, '+15550100003', { text: 'Hi' });
    await customerWrites(platform, '+15550100003', { text: ' STOP ' });
    const refused = await finalStatus(await text('+15550100003'));
    expect(refused.status).toBe('rejected');
    expect(refused.failure).toEqual({ code: 'contact_opted_out', message: 'The contact opted out of messages from this number (they wrote STOP)' });
    await customerWrites(platform, '+15550100003', { text: 'start' });
    expect((await finalStatus(await text('+15550100003'))).status).toBe('read');
  });

  it('answers Meta\'s webhook verification with the challenge, only for the right verify token', async () => {
    const verify = (token: string) =>
      fetch(`${platform.ingressUrl}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
    const right = await verify('test-verify-token');
    expect(right.status).toBe(200);
    expect(await right.text()).toBe('1158201444');
    expect((await verify('guess')).status).toBe(403);
  });

  it('changes nothing on a forged inbound webhook', async () => {
    const forged = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550009999', phone_number_id: '100000000000002' },
        messages: [{ from: '15550100004', id: 'wamid.forged', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hi' } }],
      } }] }],
    });
    const response = await fetch(`${platform.ingressUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody('a-forger-s-guess', forged) },
      body: forged,
    });
    expect(response.status).toBe(401);
    const message = await finalStatus(await text('+15550100004'));
    expect(message.status).toBe('rejected');
    expect(message.failure?.code).toBe('session_window_closed');
  });

  it('checks a webhook signature before reading the body: unsigned garbage is 401, signed garbage 200 and set aside', async () => {
    const post = (body: string, secret: string) =>
      fetch(`${platform.ingressUrl}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(secret, body) },
        body,
      });
    const garbage = '{"object": "whatsapp_business_account", "entry": [';

    const forged = await post(garbage, 'a-forger-s-guess');
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    // Meta retries anything but a 2xx for days: what it signed and Herald cannot read is kept on a dead-letter topic.
    const signed = await post(garbage, platform.appSecret);
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ statuses: 0, messages: 0 });
    const empty = await post('', 'a-forger-s-guess');
    expect(empty.status).toBe(401);
  });

  it('answers a dry run with the same verdict, and sends nothing', async () => {
    const validate = async (body: Record<string, unknown>) => {
      const response = await fetch(`${platform.ingressUrl}/messages/validate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const closed = await validate({ to: '+15550100006', from: 'whatsapp', type: 'text', content: { text: 'Hi' } });
    expect(closed).toEqual({
      status: 200,
      body: { valid: false, reason: { code: 'session_window_closed', message: expect.any(String) }, window: { open: false, closesAt: null } },
    });
    await customerWrites(platform, '+15550100006');
    const open = await validate({ to: '+15550100006', from: 'whatsapp', type: 'text', content: { text: 'Hi' }, assigned_user: 'nobody@example.com' });
    expect(open).toEqual({
      status: 200,
      body: {
        valid: true,
        warnings: [{ code: 'assignee_not_member', message: expect.stringContaining('nobody@example.com') }],
        window: { open: true, closesAt: expect.any(String) },
      },
    });
    const invalid = await validate({ to: 'not a number', from: 'whatsapp', type: 'text', content: { text: 'Hi' } });
    expect(invalid.status).toBe(422);
    const sandbox = (await (await fetch(`${platform.sandboxUrl}/_sandbox/messages?to=15550100006`, { headers: platform.internalHeaders })).json()) as { data: unknown[] };
    expect(sandbox.data).toEqual([]);
  });

  it('sends a message assigned to someone off the team, unassigned, with a warning on its status', async () => {
    await customerWrites(platform, '+15550100007');
    const message = await finalStatus(
      await send({ to: '+15550100007', from: 'whatsapp', type: 'text', content: { text: 'Hi' }, assigned_user: 'stranger@example.com' }),
    );
    expect(message.status).toBe('read');
    expect(message.warnings).toEqual([{ code: 'assignee_not_member', message: expect.stringContaining('stranger@example.com') }]);
    expect(message.assignedUser).toBeUndefined();
  });

  it('assigns a message to a team member', async () => {
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), 'members', 'add', '--team', platform.teamUuid, '--email', 'agent@demo.example'], {
      env: process.env,
    });
    await customerWrites(platform, '+15550100011');
    const message = await finalStatus(
      await send({ to: '+15550100011', from: 'whatsapp', type: 'text', content: { text: 'Hi' }, assigned_user: 'Agent@Demo.example' }),
    );
    expect(message.status).toBe('read');
    expect(message.assignedUser).toBe('agent@demo.example');
    expect(message.warnings).toBeUndefined();
  });

  it('refuses messages to a contact the team opted out through the API, until it opts them back in', async () => {
    await customerWrites(platform, '+15550100012');
    const consent = (change: 'opt-out' | 'opt-in') =>
      fetch(`${platform.ingressUrl}/contacts/${change}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '+15550100012' }),
      });
    const optedOut = await consent('opt-out');
    expect(optedOut.status).toBe(200);
    expect(await optedOut.json()).toEqual({
      contact: { phone: '+15550100012', channelUuid: platform.channelUuid, consent: 'opted_out', at: expect.any(String) },
    });
    // The consent change and the message travel on different topics: the message is sent once the change is recorded.
    await consentRecorded('+15550100012', 1);
    const refused = await finalStatus(await text('+15550100012'));
    // The customer wrote no STOP: the reason says who opted them out.
    expect(refused.failure).toEqual({ code: 'contact_opted_out', message: 'The team opted the contact out of messages from this number through the API' });
    expect((await consent('opt-in')).status).toBe(200);
    await consentRecorded('+15550100012', 2);
    expect((await finalStatus(await text('+15550100012'))).status).toBe('read');
  });

  it('records a customer message for every channel the policy knows on the number it was written to', async () => {
    // The ingress gives a number one channel; the policy still keys what customers wrote per channel, so a number
    // it knows under two channels (one moved to another team, say) opens the window of each.
    const second = '00000000-0000-4000-8000-0000000000b2';
    await withDatabase((database) =>
      database.query(
        `INSERT INTO policy.channels (uuid, team_uuid, phone_number_id, waba_id, integration, active)
         VALUES ($1, '00000000-0000-4000-8000-0000000000b1', '100000000000098', '100000000000001', 'whatsapp_business_api', true),
                ('00000000-0000-4000-8000-0000000000b3', '00000000-0000-4000-8000-0000000000b1', '100000000000098', '100000000000001', 'whatsapp_business_api', true)`,
        [second],
      ),
    );
    const wamid = await customerWrites(platform, '+15550100013', { phoneNumberId: '100000000000098' });
    const channels = await eventually(() =>
      withDatabase(async (database) => {
        const { rows } = await database.query(`SELECT channel_uuid FROM policy.inbound_messages WHERE provider_message_id = $1 ORDER BY channel_uuid`, [wamid]);
        return rows.length === 2 ? rows.map((row) => row.channel_uuid) : undefined;
      }),
    );
    expect(channels).toEqual([second, '00000000-0000-4000-8000-0000000000b3']);
  });

  it('sends audio and video only through channels on the official WhatsApp Business API', async () => {
    const cli = (...args: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
          env: process.env,
          encoding: 'utf8',
        }),
      );
    const team = cli('teams', 'create', '--name', 'Business app team');
    cli('channels', 'add', '--team', team.uuid, '--name', 'App number', '--phone-number-id', '100000000000099',
      '--waba-id', '100000000000001', '--access-token-file', accessTokenFile('app-token'), '--integration', 'whatsapp_app');
    const key = cli('keys', 'create', '--team', team.uuid).secret as string;
    await customerWrites(platform, '+15550100010', { phoneNumberId: '100000000000099' });
    await customerWrites(platform, '+15550100010');
    const audio = { to: '+15550100010', from: 'whatsapp', type: 'audio', content: { url: 'https://example.com/note.mp3' } };
    const viaApp = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(audio),
    });
    const { message } = (await viaApp.json()) as SendMessageResponse;
    const refused = await eventually(async () => {
      const response = await fetch(`${platform.ingressUrl}/messages/status/${message.uuid}`, { headers: { authorization: `Bearer ${key}` } });
      const current = ((await response.json()) as MessageStatusResponse).message;
      return current.status === 'rejected' ? current : undefined;
    });
    expect(refused.failure?.code).toBe('unsupported_on_channel');
    expect((await finalStatus(await send(audio))).status).toBe('read');
  });

  it('decides once when the same message.requested event is delivered twice', async () => {
    const upstream = upstreamRequest(platform, { to: '+15550100005', from: 'whatsapp', type: 'text', content: { text: 'twice' } });
    const uuid = upstream.messageUuid;
    await publishRaw(Topics.MessageRequested, upstream.key, upstream.value);
    await publishRaw(Topics.MessageRequested, upstream.key, upstream.value);
    await finalStatus(uuid);
    const [approved, rejected] = await Promise.all(
      [Topics.MessageApproved, Topics.MessageRejected].map((topic) => readTopic(topic, () => false, 4_000)),
    );
    const about = (messages: typeof approved) =>
      messages.map((message) => JSON.parse(message.value?.toString() ?? '{}')).filter((decision) => decision.data?.messageUuid === uuid);
    const decisions = [...about(approved), ...about(rejected)];
    expect(decisions.length).toBe(2);
    expect(new Set(decisions.map((decision) => `${decision.type}:${decision.data.reason?.code}:${decision.data.rejectedAt ?? decision.data.approvedAt}`)).size).toBe(1);
    expect(decisions[0].type).toBe(Topics.MessageRejected);
  });
});
