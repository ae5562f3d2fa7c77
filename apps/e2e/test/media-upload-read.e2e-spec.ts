import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { eventually, Platform, startPlatform, workspaceRoot } from '@herald/testing';
import type { WebhookPayload } from '@herald/whatsapp';

/** A small valid PNG: the signature, an IHDR for one pixel, an IDAT and an IEND. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
  'hex',
);

/**
 * Issue 32's media by id and read receipts, through the whole platform: the ingress checks the team's side, and the
 * dispatcher makes the Graph API call with the channel's token (the sandbox records what it received).
 */
describe('uploads and read receipts, through the dispatcher', () => {
  let platform: Platform;
  let otherTeamKey: string;

  const herald = <T>(...args: string[]): T =>
    JSON.parse(
      execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
        env: { ...process.env, ...platform.services.ingress.env },
        encoding: 'utf8',
      }),
    ) as T;

  beforeAll(async () => {
    platform = await startPlatform();
    const team = herald<{ uuid: string }>('teams', 'create', '--name', 'uploads: another team');
    otherTeamKey = herald<{ secret: string }>('keys', 'create', '--team', team.uuid).secret;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const auth = (key = platform.apiKey) => ({ authorization: `Bearer ${key}` });
  const sandbox = async <T>(route: string): Promise<T> => (await (await fetch(`${platform.sandboxUrl}${route}`, { headers: platform.internalHeaders })).json()) as T;

  const upload = (file: Buffer, type: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file], { type }), 'logo.png');
    return fetch(`${platform.ingressUrl}/media`, { method: 'POST', headers: auth(), body: form });
  };

  it("uploads a PNG through the team's channel: the sandbox counts it once, with the same bytes", async () => {
    const before = (await sandbox<{ uploads: number }>('/_sandbox/media-uploads')).uploads;

    const answer = await upload(PNG, 'image/png');

    expect(answer.status).toBe(201);
    const { media } = (await answer.json()) as { media: { id: string; channelUuid: string; mimeType: string } };
    expect(media).toEqual({ id: expect.stringMatching(/^\d{16}$/), channelUuid: platform.channelUuid, mimeType: 'image/png' });
    const uploads = await sandbox<{ uploads: number; data: Array<{ id: string; sha256: string; bytes: number; mimeType: string; phoneNumberId: string }> }>('/_sandbox/media-uploads');
    expect(uploads.uploads).toBe(before + 1);
    expect(uploads.data.find((item) => item.id === media.id)).toMatchObject({
      sha256: createHash('sha256').update(PNG).digest('base64'),
      bytes: PNG.length,
      mimeType: 'image/png',
    });
  });

  it('refuses a file WhatsApp would not take with a field-level 422, uploading nothing', async () => {
    const before = (await sandbox<{ uploads: number }>('/_sandbox/media-uploads')).uploads;

    const gif = await upload(Buffer.from('GIF89a'), 'image/gif');
    const tooLarge = await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'image/png');

    expect({ status: gif.status, body: await gif.json() }).toMatchObject({ status: 422, body: { error: { code: 'validation_failed', details: [{ field: 'type' }] } } });
    expect({ status: tooLarge.status, body: await tooLarge.json() }).toMatchObject({ status: 422, body: { error: { code: 'validation_failed', details: [{ field: 'file' }] } } });
    expect((await sandbox<{ uploads: number }>('/_sandbox/media-uploads')).uploads).toBe(before);
  });

  describe('POST /messages/:uuid/read', () => {
    const read = (uuid: string, body?: unknown, key = platform.apiKey) =>
      fetch(`${platform.ingressUrl}/messages/${uuid}/read`, {
        method: 'POST',
        headers: { ...auth(key), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });

    /** A customer writes in; their message's uuid once the ledger has it, and its wamid. */
    const customerWrites = async (from: string): Promise<{ uuid: string; wamid: string }> => {
      const response = await fetch(`${platform.sandboxUrl}/_sandbox/inbound`, {
        method: 'POST',
        headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ from, text: 'Is my order on its way?' }),
      });
      const delivery = (await response.json()) as { wamid: string; httpStatus: number; payload: WebhookPayload };
      expect(delivery.httpStatus).toBe(200);
      const uuid = await eventually(
        async () => {
          const page = (await (await fetch(`${platform.ingressUrl}/messages?direction=inbound&to=${encodeURIComponent(from)}`, { headers: auth() })).json()) as {
            messages: Array<{ uuid: string; providerMessageId?: string | null }>;
          };
          return page.messages.find((message) => message.providerMessageId === delivery.wamid)?.uuid;
        },
        30_000,
        200,
      );
      return { uuid, wamid: delivery.wamid };
    };

    it("marks a customer's message read with the typing indicator: the sandbox has the status update", async () => {
      const { uuid, wamid } = await customerWrites('+15550108001');

      const answer = await read(uuid, { typing_indicator: true });

      expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 200, body: { success: true } });
      const receipts = await sandbox<{ data: Array<{ messageId: string; typingIndicator: boolean }> }>(`/_sandbox/read-receipts?message_id=${encodeURIComponent(wamid)}`);
      expect(receipts.data).toEqual([expect.objectContaining({ messageId: wamid, typingIndicator: true })]);
    });

    it("answers 404 message_not_found for another team's customer, and 422 for the team's own message", async () => {
      const { uuid } = await customerWrites('+15550108002');
      const elsewhere = await read(uuid, undefined, otherTeamKey);
      expect({ status: elsewhere.status, body: await elsewhere.json() }).toMatchObject({ status: 404, body: { error: { code: 'message_not_found' } } });

      const sent = await fetch(`${platform.ingressUrl}/messages/send`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+15550108002', from: 'whatsapp', type: 'text', content: { text: 'On its way!' } }),
      });
      const { message } = (await sent.json()) as { message: { uuid: string } };
      const own = await read(message.uuid);
      expect({ status: own.status, body: await own.json() }).toMatchObject({ status: 422, body: { error: { code: 'message_not_inbound' } } });
    });
  });
});
