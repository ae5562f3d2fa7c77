import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { SendMessageResponse, templateUuidFor, Topics } from '@herald/contracts';
import { eventually, Platform, startPlatform, testKafka, upstreamRequest, workspaceRoot } from '@herald/testing';
import { Client } from 'pg';

/** The sandbox's marketing template with an image header: it needs no open window, so any number can receive it. */
const summerPromo = templateUuidFor('100000000000001', 'summer_promo', 'en_US');
const RECIPIENTS = 1_000;
/** A few bytes that begin as a JPEG does: the sandbox checks the upload's type and size, not the picture. */
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_048, 7), Buffer.from([0xff, 0xd9])]);

interface SandboxUploads {
  uploads: number;
  data: Array<{ id: string; phoneNumberId: string; mimeType: string; fileName?: string; bytes: number }>;
}
interface RecordedSend {
  body: { biz_opaque_callback_data?: string; template?: { components?: Array<{ type: string; parameters?: Array<{ image?: { id?: string; link?: string } }> }> } };
}

describe('media links: a campaign image is uploaded once per channel, and sent by its media id', () => {
  let platform: Platform;
  let database: Client;
  let files: Server;
  let filesOrigin: string;
  const downloads = new Map<string, number>();

  beforeAll(async () => {
    files = createServer((request, response) => {
      downloads.set(request.url ?? '', (downloads.get(request.url ?? '') ?? 0) + 1);
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(jpeg.length) }).end(jpeg);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesOrigin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    platform = await startPlatform({ dispatcherEnv: { MEDIA_UPLOAD_LINKS: 'true' } });
    database = new Client({ connectionString: process.env.DATABASE_URL });
    await database.connect();
    await fetch(`${platform.sandboxUrl}/_sandbox/media-uploads`, { method: 'DELETE', headers: platform.internalHeaders });
    // WhatsApp's highest throughput tier, so the campaign's sends take a second or two, not the default 80 a second.
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), 'channels', 'set', '--channel', platform.channelUuid, '--messages-per-second', '1000', '--json'], {
      env: { ...process.env, ...platform.services.ingress.env, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
  });

  afterAll(async () => {
    await database?.end();
    await platform?.stop();
    await new Promise((resolve) => files?.close(resolve));
  });

  const promo = (to: string, link: string) => ({
    from: 'whatsapp',
    to,
    type: 'image',
    content: { url: link },
    template_values: ['Jo', '20%'],
    template_uuid: summerPromo,
    optin_contact: true,
  });

  /** Through the HTTP API, a few dozen requests at a time. */
  const campaign = async (recipients: string[], link: string): Promise<string[]> => {
    const uuids: string[] = [];
    for (let start = 0; start < recipients.length; start += 50) {
      const batch = recipients.slice(start, start + 50).map(async (to) => {
        const response = await fetch(`${platform.ingressUrl}/messages/send`, {
          method: 'POST',
          headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(promo(to, link)),
        });
        expect(response.status).toBe(200);
        return ((await response.json()) as SendMessageResponse).message.uuid;
      });
      uuids.push(...(await Promise.all(batch)));
    }
    return uuids;
  };

  /** A large campaign as a client publishing to Kafka sends it: one batch, so the test times the sends, not 1,000 HTTP requests. */
  const campaignOnKafka = async (recipients: string[], link: string): Promise<string[]> => {
    const requests = recipients.map((to) => upstreamRequest(platform, promo(to, link)));
    const producer = testKafka().producer();
    await producer.connect();
    try {
      await producer.send({ topic: Topics.MessageRequested, acks: -1, messages: requests.map(({ key, value }) => ({ key, value })) });
    } finally {
      await producer.disconnect();
    }
    return requests.map((request) => request.messageUuid);
  };

  /** Waits until every message has left: sent, then delivered and read as the sandbox's webhooks come. */
  const allSent = async (uuids: string[]) => {
    let seen: Record<string, number> = {};
    return eventually(async () => {
      const { rows } = await database.query<{ status: string; count: number }>(
        `SELECT status, count(*)::int AS count FROM ledger.messages WHERE uuid = ANY($1::bpchar[]) GROUP BY status`,
        [uuids],
      );
      const byStatus = Object.fromEntries(rows.map((row) => [row.status, row.count]));
      seen = byStatus;
      const left = (byStatus.sent ?? 0) + (byStatus.delivered ?? 0) + (byStatus.read ?? 0);
      if (byStatus.failed || byStatus.rejected) throw new Error(`messages did not go out: ${JSON.stringify(byStatus)}`);
      return left === uuids.length ? byStatus : undefined;
    }, 45_000, 250).catch(async (error: Error) => {
      const { rows } = await database.query(`SELECT state, count(*)::int AS count FROM dispatcher.dispatches WHERE message_uuid = ANY($1::bpchar[]) GROUP BY state`, [uuids]);
      throw new Error(`${error.message}: ledger ${JSON.stringify(seen)}, dispatcher ${JSON.stringify(rows)}`);
    });
  };

  const sandboxUploads = async (): Promise<SandboxUploads> =>
    (await (await fetch(`${platform.sandboxUrl}/_sandbox/media-uploads`, { headers: platform.internalHeaders })).json()) as SandboxUploads;

  const headerImageOf = async (uuid: string) => {
    const { data } = (await (await fetch(`${platform.sandboxUrl}/_sandbox/messages`, { headers: platform.internalHeaders })).json()) as { data: RecordedSend[] };
    const recorded = data.find((send) => send.body.biz_opaque_callback_data === uuid);
    return recorded?.body.template?.components?.find((component) => component.type === 'header')?.parameters?.[0]?.image;
  };

  it(
    'uploads one image sent by link to 1,000 recipients once, and every message is sent with its media id',
    async () => {
      const link = `${filesOrigin}/campaign/summer.jpg`;
      const recipients = Array.from({ length: RECIPIENTS }, (_, index) => `+1555088${String(index).padStart(4, '0')}`);
      const uuids = await campaignOnKafka(recipients, link);
      await allSent(uuids);

      const uploaded = await sandboxUploads();
      expect(uploaded.uploads).toBe(1);
      expect(uploaded.data[0]).toEqual(expect.objectContaining({ mimeType: 'image/jpeg', fileName: 'summer.jpg', bytes: jpeg.length }));
      expect(downloads.get('/campaign/summer.jpg')).toBe(1);
      expect(await headerImageOf(uuids[0])).toEqual({ id: uploaded.data[0].id });
      expect(await headerImageOf(uuids[uuids.length - 1])).toEqual({ id: uploaded.data[0].id });

      // Another image is another upload, once more, however many receive it.
      const second = `${filesOrigin}/campaign/autumn.jpg`;
      const more = await campaign(recipients.slice(0, 30), second);
      await allSent(more);
      const after = await sandboxUploads();
      expect(after.uploads).toBe(2);
      expect(downloads.get('/campaign/autumn.jpg')).toBe(1);
      expect(await headerImageOf(more[0])).toEqual({ id: after.data[1].id });
    },
    90_000,
  );

  it('fails a message whose link cannot be fetched, with media_unavailable, and sends nothing', async () => {
    const [uuid] = await campaign(['+15550899999'], `${filesOrigin.replace(/:\d+$/, ':9')}/gone.jpg`);
    const failure = await eventually(async () => {
      const { rows } = await database.query<{ status: string; failure: { code: string } | null }>(`SELECT status, failure FROM ledger.messages WHERE uuid = $1`, [uuid]);
      return rows[0]?.status === 'failed' ? rows[0].failure : undefined;
    }, 20_000);
    expect(failure).toEqual(expect.objectContaining({ code: 'media_unavailable' }));
  });
});
