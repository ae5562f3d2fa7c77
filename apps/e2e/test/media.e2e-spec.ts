import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { eventually, Platform, startPlatform, workspaceRoot } from '@herald/testing';
import type { WebhookPayload } from '@herald/whatsapp';

/**
 * A customer's photo, from the sandbox's signed webhook to the team's client: the ledger stores the inbound message
 * (from whatsapp.inbound, so a moment later), and `GET /media/:id` streams the bytes the sandbox holds for it, which
 * the dispatcher fetched with the channel's token: the ingress holds no key to open one.
 */
describe("a customer's media, through Herald", () => {
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
    const team = herald<{ uuid: string }>('teams', 'create', '--name', 'media: another team');
    otherTeamKey = herald<{ secret: string }>('keys', 'create', '--team', team.uuid).secret;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const media = (id: string, key = platform.apiKey) => fetch(`${platform.ingressUrl}/media/${id}`, { headers: { authorization: `Bearer ${key}` } });

  /** The customer sends these bytes as a photo with a caption; the media id their webhook named. */
  const customerSendsPhoto = async (bytes: Buffer): Promise<string> => {
    const response = await fetch(`${platform.sandboxUrl}/_sandbox/inbound`, {
      method: 'POST',
      headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+15550107001', profile_name: 'Ana', image: { caption: 'the parcel arrived like this', data: bytes.toString('base64') } }),
    });
    const delivery = (await response.json()) as { httpStatus: number; payload: WebhookPayload };
    expect({ status: response.status, ingress: delivery.httpStatus }).toEqual({ status: 200, ingress: 200 });
    return (delivery.payload.entry[0].changes[0].value.messages![0].image as { id: string }).id;
  };

  it('serves the team exactly the bytes its customer sent, and nobody else', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64 * 1024), Buffer.from([0xff, 0xd9])]);
    const id = await customerSendsPhoto(bytes);

    const served = await eventually(
      async () => {
        const answer = await media(id);
        if (answer.status === 200) return answer;
        expect({ status: answer.status, body: await answer.json() }).toMatchObject({ status: 404, body: { error: { code: 'media_not_found' } } });
        return undefined;
      },
      30_000,
      200,
    );
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('content-length')).toBe(String(bytes.length));
    const received = Buffer.from(await served.arrayBuffer());
    expect(received.equals(bytes)).toBe(true);

    const elsewhere = await media(id, otherTeamKey);
    expect({ status: elsewhere.status, body: await elsewhere.json() }).toMatchObject({ status: 404, body: { error: { code: 'media_not_found' } } });
    const unknown = await media('4242424242424242');
    expect({ status: unknown.status, body: await unknown.json() }).toMatchObject({ status: 404, body: { error: { code: 'media_not_found' } } });
    expect((await fetch(`${platform.ingressUrl}/media/${id}`)).status).toBe(401);
  });

  it('answers 503 service_unavailable while the dispatcher is away, never a 500, and serves the media once it is back', async () => {
    const id = await customerSendsPhoto(randomBytes(256));
    await eventually(async () => ((await media(id)).status === 200 ? true : undefined), 30_000, 200);
    expect(platform.services.ingress.env).not.toHaveProperty('HERALD_SECRET_KEY');

    const dispatcher = platform.services.dispatcher;
    await dispatcher.stop();
    try {
      const away = await media(id);
      expect({ status: away.status, body: await away.json() }).toMatchObject({ status: 503, body: { error: { code: 'service_unavailable' } } });
    } finally {
      await dispatcher.start();
    }
    expect((await media(id)).status).toBe(200);
  });

  it('answers media_expired once WhatsApp no longer has the media', async () => {
    const id = await customerSendsPhoto(randomBytes(512));
    await eventually(async () => ((await media(id)).status === 200 ? true : undefined), 30_000, 200);

    // A restarted sandbox has forgotten every media, as Meta forgets a customer's after a while.
    const sandbox = platform.services['whatsapp-sandbox'];
    await sandbox.stop();
    await sandbox.start();

    const expired = await media(id);
    expect({ status: expired.status, body: await expired.json() }).toMatchObject({ status: 404, body: { error: { code: 'media_expired' } } });
  });
});
