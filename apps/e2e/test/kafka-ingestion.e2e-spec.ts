import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  conversationKey,
  deadLetterTopic,
  envelope,
  MessageListResponse,
  MessageStatusResponse,
  SendMessageResponse,
  Topics,
} from '@herald/contracts';
import { accessTokenFile, customerWrites, eventually, Platform, publishRaw, readTopic, startPlatform, testKafka, upstreamRequest, withDatabase, workspaceRoot } from '@herald/testing';
import type { Client } from 'pg';

describe('events published straight to Kafka', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
    // Free-form messages go only to customers who wrote in the last 24 hours.
    for (const phone of ['+15550004444', '+15550005555', '+15550007777']) await customerWrites(platform, phone);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** Ledger rows as the ingress writes them, for what the ledger then does with them. */
  const insertLedgerRows = (database: Client, uuids: string[], to: string, text: string, { withdrawn = false } = {}) =>
    database.query(
      `INSERT INTO ledger.messages (uuid, team_uuid, channel_uuid, "to", request, status, status_history, withdrawn_at)
       SELECT uuid, $2, $3, $4, $5, 'enqueued', $6, CASE WHEN $7 THEN now() END FROM unnest($1::bpchar[]) AS uuid`,
      [uuids, platform.teamUuid, platform.channelUuid, to, { to, from: 'whatsapp', type: 'text', content: { text } }, JSON.stringify([{ status: 'enqueued', at: new Date().toISOString() }]), withdrawn],
    );

  const status = async (uuid: string) => {
    const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, {
      headers: { authorization: `Bearer ${platform.apiKey}` },
    });
    return response.status === 200 ? ((await response.json()) as MessageStatusResponse).message : undefined;
  };

  it('dead-letters a poison event with its original bytes and the reason, and keeps consuming after it', async () => {
    const poison = `{"version":1,"garbage":${randomUUID().length}`;
    await publishRaw(Topics.MessageRequested, 'poison', poison);

    const upstream = upstreamRequest(platform, { to: '+15550004444', from: 'whatsapp', type: 'text', content: { text: 'From upstream' } });
    const uuid = upstream.messageUuid;
    await publishRaw(Topics.MessageRequested, upstream.key, upstream.value);

    // Each consumer of message.requested (ingress ledger, policy) dead-letters the poison once.
    const deadLetters = await readTopic(deadLetterTopic(Topics.MessageRequested), (messages) =>
      messages.some((message) => message.value?.toString() === poison),
    );
    const dead = deadLetters.find((message) => message.value?.toString() === poison);
    expect(dead).toBeDefined();
    expect(dead!.key?.toString()).toBe('poison');
    expect(dead!.headers?.['x-dead-letter-reason']?.toString()).toBe('event is not valid JSON');
    expect(dead!.headers?.['x-dead-letter-topic']?.toString()).toBe(Topics.MessageRequested);

    // The event behind it went all the way, and the ledger has it although no HTTP request created it.
    const final = await eventually(async () => {
      const message = await status(uuid);
      return message?.status === 'read' ? message : undefined;
    });
    expect(final.to).toBe('+15550004444');
  });

  it('dead-letters a request with text the database cannot store, naming the field, instead of failing on it', async () => {
    const upstream = upstreamRequest(platform, { to: '+15550004444', from: 'whatsapp', type: 'text', content: { text: 'Null \u0000 byte' } });
    await publishRaw(Topics.MessageRequested, upstream.key, upstream.value);

    const reason = 'event does not match its contract: data.request.content.text must not contain NUL characters or unpaired surrogates';
    const deadLetters = await readTopic(deadLetterTopic(Topics.MessageRequested), (messages) =>
      messages.some((message) => message.value?.toString() === upstream.value),
    );
    const dead = deadLetters.find((message) => message.value?.toString() === upstream.value);
    expect(dead!.headers?.['x-dead-letter-reason']?.toString()).toBe(reason);
    expect(await status(upstream.messageUuid)).toBeUndefined();
  });

  it('dead-letters a request claiming the ingress recorded it: the ledger\'s bookkeeping is no field of the contract', async () => {
    // Whatever a publisher claims, the ledger decides from its own accepts whether a request still needs its row.
    const upstream = upstreamRequest(platform, { to: '+15550004444', from: 'whatsapp', type: 'text', content: { text: 'Forged' } });
    const forged = JSON.stringify({ ...JSON.parse(upstream.value), data: { ...JSON.parse(upstream.value).data, ledgerRecorded: true } });
    await publishRaw(Topics.MessageRequested, upstream.key, forged);

    const deadLetters = await readTopic(deadLetterTopic(Topics.MessageRequested), (messages) =>
      messages.some((message) => message.value?.toString() === forged),
    );
    const dead = deadLetters.find((message) => message.value?.toString() === forged);
    expect(dead!.headers?.['x-dead-letter-reason']?.toString()).toBe(
      'event does not match its contract: data.ledgerRecorded property ledgerRecorded should not exist',
    );
    expect(await status(upstream.messageUuid)).toBeUndefined();
  });

  it('hides the row of a request answered 503 until an event shows its produce reached Kafka after all', async () => {
    // What the ingress leaves when Kafka refuses a message's event: the row, withdrawn. The ledger may already have
    // read the event (a refused produce can reach the broker), so only the events after it can bring the row back.
    const uuid = randomUUID().replace(/-/g, '');
    const to = '+15550004444';
    await withDatabase((database) => insertLedgerRows(database, [uuid], to, 'Refused', { withdrawn: true }));
    const listed = async () => {
      const response = await fetch(`${platform.ingressUrl}/messages?to=${encodeURIComponent(to)}&limit=100`, {
        headers: { authorization: `Bearer ${platform.apiKey}` },
      });
      return ((await response.json()) as MessageListResponse).messages.some((message) => message.uuid === uuid);
    };
    expect(await status(uuid)).toBeUndefined();
    expect(await listed()).toBe(false);

    const sent = envelope(Topics.MessageStatus, {
      providerMessageId: `wamid.${uuid}`,
      messageUuid: uuid,
      status: 'sent',
      statusAt: new Date().toISOString(),
      recipientId: to.slice(1),
      phoneNumberId: '100000000000002',
    });
    await publishRaw(Topics.MessageStatus, conversationKey('100000000000001', to.slice(1)), JSON.stringify(sent));

    const back = await eventually(async () => status(uuid));
    expect(back.status).toBe('sent');
    expect(await listed()).toBe(true);
  });

  it('sets aside a status about a message it has no row for, goes on with the others, and applies it when the row arrives', async () => {
    const to = '+15550007777';
    const early = upstreamRequest(platform, { to, from: 'whatsapp', type: 'text', content: { text: 'Its status came first' } });
    const sentAt = '2026-01-02T03:04:05.000Z';
    const sent = envelope(Topics.MessageStatus, {
      providerMessageId: `wamid.early-${early.messageUuid}`,
      messageUuid: early.messageUuid,
      status: 'sent',
      statusAt: sentAt,
      recipientId: to.slice(1),
      phoneNumberId: '100000000000002',
    });
    await publishRaw(Topics.MessageStatus, conversationKey('100000000000001', to.slice(1)), JSON.stringify(sent));

    // Retried where it stood, that status would hold every status behind it (for a minute, in the ledger's old way).
    const response = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to, from: 'whatsapp', type: 'text', content: { text: 'Sent behind it' } }),
    });
    const { message } = (await response.json()) as SendMessageResponse;
    await eventually(async () => ((await status(message.uuid))?.status === 'read' ? true : undefined));

    await publishRaw(Topics.MessageRequested, early.key, early.value);
    const final = await eventually(async () => {
      const found = await status(early.messageUuid);
      return found?.status === 'read' ? found : undefined;
    });
    expect(final.statusHistory.find((change) => change.status === 'sent')?.at).toBe(sentAt);
  });

  it('records send results and statuses about the same messages, arriving together in opposite orders, without a deadlock', async () => {
    // The ledger works each topic's batches at the same time; each statement must lock its rows in one order.
    const to = '+15550008888';
    const uuids = Array.from({ length: 200 }, () => randomUUID().replace(/-/g, ''));
    // Two connections: one holds a row while the other watches the statements wait for it.
    await withDatabase((database) => withDatabase(async (holder) => {
      await insertLedgerRows(database, uuids, to, 'Moved twice');
      // A ledger's size, so that PostgreSQL plans each statement as production does: row by row through the index,
      // locking in the order of its list.
      await database.query(
        `INSERT INTO ledger.messages (uuid, team_uuid, channel_uuid, "to", request, status, status_history)
         SELECT md5(random()::text), $1, $2, '+15550009999', '{}', 'read', '[]' FROM generate_series(1, 50000)`,
        [platform.teamUuid, platform.channelUuid],
      );
      await database.query(`ANALYZE ledger.messages`);
      const deadlocks = async () =>
        Number((await database.query(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`)).rows[0].deadlocks);
      const before = await deadlocks();
      // The row in the middle held, both statements lock what they can and wait for it; released, they meet.
      await holder.query('BEGIN');
      await holder.query(`SELECT uuid FROM ledger.messages WHERE uuid = $1 FOR UPDATE`, [uuids[uuids.length / 2]]);

      const sendKey = conversationKey(platform.channelUuid, to);
      // As the webhooks key them: another partition than the send results, worked alongside them.
      const statusKey = conversationKey('100000000000001', to.slice(1));
      const at = new Date().toISOString();
      const route = { teamUuid: platform.teamUuid, channelUuid: platform.channelUuid, to };
      const dispatched = uuids.map((uuid) => envelope(Topics.MessageDispatched, { ...route, messageUuid: uuid, providerMessageId: `wamid.${uuid}`, dispatchedAt: at }));
      const sent = [...uuids].reverse().map((uuid) =>
        envelope(Topics.MessageStatus, { providerMessageId: `wamid.${uuid}`, messageUuid: uuid, status: 'sent', statusAt: at, recipientId: to.slice(1), phoneNumberId: '100000000000002' }),
      );
      const producer = testKafka().producer();
      await producer.connect();
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [
            { topic: Topics.MessageDispatched, messages: dispatched.map((event) => ({ key: sendKey, value: JSON.stringify(event) })) },
            { topic: Topics.MessageStatus, messages: sent.map((event) => ({ key: statusKey, value: JSON.stringify(event) })) },
          ],
        });
      } finally {
        await producer.disconnect();
      }
      await eventually(async () => {
        // The first waits for the holder's transaction, the second queues for the row behind it.
        const { rows } = await database.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')`);
        return rows[0].n >= 2 ? true : undefined;
      });
      await holder.query('COMMIT');

      await eventually(async () => {
        const { rows } = await database.query(
          `SELECT count(*)::int AS n FROM ledger.messages WHERE uuid = ANY($1::bpchar[]) AND status = 'sent' AND provider_message_id = 'wamid.' || trim(uuid)`,
          [uuids],
        );
        return rows[0].n === uuids.length ? true : undefined;
      }, 30_000);
      expect((await deadlocks()) - before).toBe(0);
    }));
  });

  it('puts nothing on Kafka for a request it refuses', async () => {
    const refused = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+15550005555', from: 'whatsapp', type: 'text', content: { text: 'x'.repeat(4097) } }),
    });
    expect(refused.status).toBe(422);
    const accepted = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+15550005555', from: 'whatsapp', type: 'text', content: { text: 'ok' } }),
    });
    const { message } = (await accepted.json()) as SendMessageResponse;

    const events = await readTopic(Topics.MessageRequested, (messages) =>
      messages.some((event) => event.value?.toString().includes(message.uuid)),
    );
    const forRecipient = events.filter((event) => event.value?.toString().includes('"+15550005555"'));
    expect(forRecipient).toHaveLength(1);
    expect(forRecipient[0].value?.toString()).toContain(message.uuid);
    expect(forRecipient[0].key?.toString()).toBe(conversationKey(platform.channelUuid, '+15550005555'));
  });

  describe('a request is judged as an HTTP one would be', () => {
    /** The request's final status in the ledger, which writes a row for a request published straight to Kafka. */
    const settled = (uuid: string) =>
      eventually(async () => {
        const message = await status(uuid);
        return message && ['rejected', 'read', 'failed'].includes(message.status) ? message : undefined;
      });
    const backdated = (to: string, acceptedAt: Date) => {
      const upstream = upstreamRequest(platform, { to, from: 'whatsapp', type: 'text', content: { text: 'Backdated' } });
      const event = JSON.parse(upstream.value);
      event.data.acceptedAt = acceptedAt.toISOString();
      return { ...upstream, value: JSON.stringify(event) };
    };

    it('never earlier than its record reached Kafka: a backdated acceptedAt does not reopen a closed window', async () => {
      const to = '+15550004141';
      const wroteAt = new Date(Date.now() - 30 * 3_600_000);
      await customerWrites(platform, to, { sentAt: wroteAt });
      // An hour after the customer wrote, the window was open; it closed six hours ago. The record claims that hour
      // too, but the broker stamps message.requested records with the time it appended them.
      const claimed = new Date(wroteAt.getTime() + 3_600_000);
      const request = backdated(to, claimed);
      await publishRaw(Topics.MessageRequested, request.key, request.value, { timestamp: claimed });
      const message = await settled(request.messageUuid);
      expect(message.failure).toEqual({ code: 'session_window_closed', message: expect.stringContaining('window closed at') });
    });

    it('nor slips in before the STOP the customer has since written', async () => {
      const to = '+15550004242';
      await customerWrites(platform, to, { text: 'Hi', sentAt: new Date(Date.now() - 10 * 60_000) });
      await customerWrites(platform, to, { text: 'STOP' });
      // Five minutes ago the window was open and the customer had not written STOP yet.
      const request = backdated(to, new Date(Date.now() - 5 * 60_000));
      await publishRaw(Topics.MessageRequested, request.key, request.value);
      expect((await settled(request.messageUuid)).failure?.code).toBe('contact_opted_out');
    });

    it("dead-letters a request naming another team's channel with the reason, and its status says so", async () => {
      const cli = (...args: string[]) =>
        JSON.parse(
          execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], { env: process.env, encoding: 'utf8' }),
        );
      const other = cli('teams', 'create', '--name', 'Other team');
      const channel = cli('channels', 'add', '--team', other.uuid, '--name', 'Theirs', '--phone-number-id', '100000000000041',
        '--waba-id', '100000000000001', '--access-token-file', accessTokenFile('theirs'));
      await withDatabase((database) =>
        eventually(async () => ((await database.query('SELECT 1 FROM policy.channels WHERE uuid = $1', [channel.uuid])).rowCount ? true : undefined)),
      );
      const to = '+15550004343';
      await customerWrites(platform, to, { phoneNumberId: '100000000000041' });
      // The demo team's request, sending from the other team's number.
      const upstream = upstreamRequest(platform, { to, from: 'whatsapp', type: 'text', content: { text: 'Not my number' } });
      const event = JSON.parse(upstream.value);
      event.data.channelUuid = channel.uuid;
      const forged = JSON.stringify(event);
      await publishRaw(Topics.MessageRequested, conversationKey(channel.uuid, to), forged);

      const deadLetters = await readTopic(deadLetterTopic(Topics.MessageRequested), (messages) =>
        messages.some((message) => message.value?.toString() === forged),
      );
      const dead = deadLetters.find((message) => message.value?.toString() === forged);
      expect(dead!.headers?.['x-dead-letter-reason']?.toString()).toBe(`channel ${channel.uuid} does not belong to team ${platform.teamUuid}`);
      const message = await settled(upstream.messageUuid);
      expect(message.status).toBe('rejected');
      expect(message.failure).toEqual({ code: 'channel_not_in_team', message: `The channel ${channel.uuid} does not belong to this team` });
      const sentFromTheirs = await (await fetch(`${platform.sandboxUrl}/_sandbox/messages?phone_number_id=100000000000041`, { headers: platform.internalHeaders })).json();
      expect(sentFromTheirs).toEqual({ data: [] });
    });
  });
});
