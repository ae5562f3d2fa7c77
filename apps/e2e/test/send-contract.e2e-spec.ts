import { checkContract, contractExamples, MessageStatusResponse, SendMessageDto, SendMessageResponse, Topics } from '@herald/contracts';
import { randomUUID } from 'node:crypto';
import { eventually, Platform, readTopic, startPlatform, withDatabase } from '@herald/testing';
import fc from 'fast-check';
import type { KafkaMessage } from '@herald/kafka';

interface RequestedEvent {
  version: number;
  type: string;
  data: { messageUuid: string; to: string; channelUuid: string; request: Record<string, unknown> };
}

/** Other suites put poison on the same topic; it is no event of this one. */
const parse = (message: KafkaMessage): RequestedEvent => {
  try {
    return JSON.parse(message.value?.toString() ?? '{}') as RequestedEvent;
  } catch {
    return { version: 0, type: 'unparseable', data: {} as RequestedEvent['data'] };
  }
};

describe('POST /messages/send: the Callbell contract over HTTP', () => {
  let platform: Platform;

  beforeAll(async () => {
    // The fuzzing below sends thousands of requests with one key; the retention test waits for a sweep.
    platform = await startPlatform({ ingressEnv: { RATE_LIMIT_PER_SECOND: '100000', RETENTION_SWEEP_INTERVAL_MS: '300' } });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const send = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const ledgerRow = async (uuid: string) => {
    const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, {
      headers: { authorization: `Bearer ${platform.apiKey}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as MessageStatusResponse).message;
  };

  const eventsFor = async (uuids: string[]) => {
    const wanted = new Set(uuids);
    const messages = await readTopic(Topics.MessageRequested, (read) => {
      const seen = new Set(read.map((message) => parse(message).data?.messageUuid));
      return [...wanted].every((uuid) => seen.has(uuid));
    });
    return messages.map(parse).filter((event) => wanted.has(event.data?.messageUuid));
  };

  it('accepts every example of the contract, puts the request on Kafka unchanged and keeps it in the ledger', async () => {
    const accepted: Array<{ name: string; body: Record<string, unknown>; uuid: string }> = [];
    for (const [name, body] of Object.entries(contractExamples)) {
      const response = await send(body);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      const answer = (await response.json()) as SendMessageResponse;
      expect(answer).toEqual({ message: { uuid: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'enqueued' } });
      accepted.push({ name, body, uuid: answer.message.uuid });
    }
    const events = await eventsFor(accepted.map(({ uuid }) => uuid));
    for (const { name, body, uuid } of accepted) {
      const matching = events.filter((event) => event.data.messageUuid === uuid);
      expect({ name, events: matching.length }).toEqual({ name, events: 1 });
      expect(matching[0]).toMatchObject({ version: 1, type: Topics.MessageRequested });
      expect(matching[0].data.request).toEqual(body);
      expect(matching[0].data.to).toBe(body.to);
      const row = await ledgerRow(uuid);
      expect({ name, to: row.to, type: row.type, content: row.content }).toEqual({
        name,
        to: body.to,
        type: body.type,
        content: body.content,
      });
      expect(row.status === 'enqueued' || row.statusHistory[0].status === 'enqueued').toBe(true);
    }
  });

  it('answers the same uuid to 50 concurrent identical requests with one Idempotency-Key, and enqueues once', async () => {
    const body = { to: '+15550006666', from: 'whatsapp', type: 'text', content: { text: 'exactly once' } };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => send(body, { 'idempotency-key': 'concurrent-retry-1' })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    const uuids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as SendMessageResponse).message.uuid)));
    expect(uuids.size).toBe(1);
    const [uuid] = [...uuids];
    await eventsFor([uuid]);
    const all = (await readTopic(Topics.MessageRequested, () => false, 3_000)).map(parse);
    expect(all.filter((event) => event.data?.to === '+15550006666')).toHaveLength(1);

    const conflicting = await send({ ...body, content: { text: 'something else' } }, { 'idempotency-key': 'concurrent-retry-1' });
    expect(conflicting.status).toBe(409);
    expect(await conflicting.json()).toEqual({ error: { code: 'idempotency_conflict', message: expect.any(String) } });
  });

  it('lets go of expired Idempotency-Keys and of withdrawn rows 25 hours after their request, and of nothing else', async () => {
    const uuid = () => randomUUID().replace(/-/g, '');
    const rows = { oldWithdrawn: uuid(), newWithdrawn: uuid(), oldVisible: uuid() };
    const keys = { old: `retention-old-${uuid()}`, recent: `retention-recent-${uuid()}` };
    await withDatabase(async (database) => {
      const insertRow = (messageUuid: string, age: string, withdrawn: boolean) =>
        database.query(
          `INSERT INTO ledger.messages (uuid, team_uuid, channel_uuid, "to", request, status, status_history, created_at, withdrawn_at)
           VALUES ($1, $2, $3, '+15550006668', '{}', 'enqueued', '[]', now() - $4::interval, CASE WHEN $5 THEN now() - $4::interval END)`,
          [messageUuid, platform.teamUuid, platform.channelUuid, age, withdrawn],
        );
      await insertRow(rows.oldWithdrawn, '26 hours', true);
      await insertRow(rows.newWithdrawn, '23 hours', true);
      await insertRow(rows.oldVisible, '26 hours', false);
      const insertKey = (key: string, age: string, messageUuid: string) =>
        database.query(
          `INSERT INTO ingress.idempotency_keys (team_uuid, key, request_hash, message_uuid, created_at)
           VALUES ($1, $2, repeat('0', 64), $3, now() - $4::interval)`,
          [platform.teamUuid, key, messageUuid, age],
        );
      await insertKey(keys.old, '26 hours', rows.oldWithdrawn);
      await insertKey(keys.recent, '23 hours', rows.newWithdrawn);
    });
    const left = () =>
      withDatabase(async (database) => ({
        rows: (await database.query(`SELECT uuid FROM ledger.messages WHERE uuid = ANY($1) ORDER BY uuid`, [Object.values(rows)])).rows.map(
          (row: { uuid: string }) => row.uuid,
        ),
        keys: (await database.query(`SELECT key FROM ingress.idempotency_keys WHERE key = ANY($1) ORDER BY key`, [Object.values(keys)])).rows.map(
          (row: { key: string }) => row.key,
        ),
      }));
    const now = await eventually(async () => {
      const state = await left();
      return state.rows.includes(rows.oldWithdrawn) || state.keys.includes(keys.old) ? undefined : state;
    }, 15_000, 200);
    expect(now).toEqual({ rows: [rows.newWithdrawn, rows.oldVisible].sort(), keys: [keys.recent] });
  });

  it('answers arbitrary and nearly valid bodies with a 4xx and the error shape, never a 5xx, and lets nothing invalid through', async () => {
    const base = contractExamples.text;
    const anyJson = fc.jsonValue({ maxDepth: 3 });
    const mutated = fc.oneof(
      // one field of a contract example replaced by anything
      fc
        .tuple(fc.constantFrom(...Object.values(contractExamples)), fc.constantFrom('to', 'from', 'type', 'content', 'template_uuid', 'optin_contact', 'template_values', 'assigned_user', 'metadata', 'channel_uuid', 'fields', 'bot_status'), anyJson)
        .map(([example, field, value]) => ({ ...example, [field]: value })),
      // a content field replaced by anything
      fc
        .tuple(fc.constantFrom(...Object.values(contractExamples)), fc.constantFrom('text', 'url', 'filename', 'html'), anyJson)
        .map(([example, field, value]) => ({ ...example, content: { ...(example.content as object), [field]: value } })),
      // a required field taken away, or an unknown one added
      fc.constantFrom('to', 'from', 'type', 'content').map((field) => ({ ...base, [field]: undefined })),
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyJson).map(([field, value]) => ({ ...base, [`x_${field}`]: value })),
      // otherwise valid, but with text the ledger cannot store (a NUL, half of a surrogate pair) in the text or metadata
      fc
        .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udfff'), fc.string({ maxLength: 8 }), fc.boolean())
        .map(([before, bad, after, inText]) =>
          inText ? { ...base, content: { text: `${before}${bad}${after}` } } : { ...base, metadata: { note: `${before}${bad}${after}` } },
        ),
      // anything at all
      anyJson,
    );
    const outcomes: Array<{ body: unknown; status: number; uuid?: string }> = [];
    await fc.assert(
      fc.asyncProperty(mutated, async (body) => {
        const response = await send(body === undefined ? 'null' : body);
        const answer = (await response.json()) as SendMessageResponse & { error?: { code: string; message: string } };
        outcomes.push({ body, status: response.status, uuid: answer.message?.uuid });
        if (response.status === 200) {
          // Accepted only if the shared DTO says it is valid.
          expect(checkContract(SendMessageDto, body).ok).toBe(true);
          return;
        }
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(answer.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
      }),
      { numRuns: 2000 },
    );
    expect(outcomes.filter((outcome) => outcome.status >= 400).length).toBeGreaterThan(1000);
    // Every accepted body reached Kafka as a valid request; nothing else did.
    const accepted = outcomes.filter((outcome) => outcome.uuid).map((outcome) => outcome.uuid as string);
    const events = await eventsFor(accepted);
    expect(events).toHaveLength(accepted.length);
    for (const event of events) expect(checkContract(SendMessageDto, event.data.request).ok).toBe(true);
  });

  it('answers broken JSON, other content types and oversized bodies with the error shape', async () => {
    const cases: Array<[string, RequestInit, number, string]> = [
      ['broken JSON', { body: '{"to": ' }, 400, 'invalid_json'],
      ['a JSON string', { body: '"hello"' }, 422, 'validation_failed'],
      ['form data', { body: 'to=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
      ['plain text', { body: 'hello', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
      ['a body over the limit', { body: JSON.stringify({ ...contractExamples.text, content: { text: 'x'.repeat(300_000) } }) }, 413, 'payload_too_large'],
    ];
    for (const [name, init, status, code] of cases) {
      const response = await fetch(`${platform.ingressUrl}/messages/send`, {
        method: 'POST',
        ...init,
        headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json', ...(init.headers as object) },
      });
      expect({ name, status: response.status }).toEqual({ name, status });
      expect({ name, body: await response.json() }).toEqual({ name, body: { error: expect.objectContaining({ code }) } });
    }
  });
});
