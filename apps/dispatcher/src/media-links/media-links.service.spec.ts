import { loadConfig } from '@herald/config';
import { type FetchedMedia, type GraphSendMessageRequest, MediaLinkError, type SendMediaKind, WhatsAppApiError, type WhatsAppEndpoint } from '@herald/whatsapp';
import { DispatcherConfig } from '../config/dispatcher.config';
import { MEDIA_FAILURE_HOLD_MS, MediaLinksService, type MediaTransfer } from './media-links.service';
import type { MediaUploadLookup, MediaUploadsRepository } from './media-uploads.repository';

const endpoint: WhatsAppEndpoint = { apiUrl: 'http://graph.test', apiVersion: 'v23.0', phoneNumberId: '1555000001', accessToken: 'token' };
const channelUuid = '6f1c2d9e-0000-4000-8000-000000000001';
const imageLink = 'https://cdn.example.com/summer.jpg';
const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '15550001111', biz_opaque_callback_data: 'm1' } as const;
const image: GraphSendMessageRequest = { ...base, type: 'image', image: { link: imageLink, caption: 'Summer' } };
const template: GraphSendMessageRequest = {
  ...base,
  type: 'template',
  template: {
    name: 'summer_promo',
    language: { code: 'en_US' },
    components: [
      { type: 'header', parameters: [{ type: 'image', image: { link: imageLink } }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
    ],
  },
};

/** `media_uploads` in memory, with the one-claimer rule the real statement keeps. */
class FakeUploads implements Pick<MediaUploadsRepository, 'acquire' | 'complete' | 'release' | 'sweep'> {
  readonly rows = new Map<string, { mediaId?: string; token?: string; failure?: MediaUploadLookup; failures: number }>();

  async acquire(channel: string, link: string): Promise<MediaUploadLookup> {
    const row = this.rows.get(`${channel} ${link}`) ?? { failures: 0 };
    if (row.mediaId) return { state: 'ready', mediaId: row.mediaId, expiresAt: new Date(Date.now() + 1_000_000) };
    if (row.token) return { state: 'waiting', uploading: true, retryInMs: 60_000 };
    if (row.failure) return row.failure;
    row.token = `token-${this.rows.size}`;
    this.rows.set(`${channel} ${link}`, row);
    return { state: 'claimed', claimToken: row.token, previousFailures: row.failures };
  }

  async complete(channel: string, link: string, token: string, media: { mediaId: string }): Promise<boolean> {
    const row = this.rows.get(`${channel} ${link}`);
    if (row?.token !== token) return false;
    Object.assign(row, { mediaId: media.mediaId, token: undefined, failures: 0 });
    return true;
  }

  async release(channel: string, link: string, token: string, retryInMs: number, failure?: Parameters<MediaUploadsRepository['release']>[4]): Promise<boolean> {
    const row = this.rows.get(`${channel} ${link}`);
    if (row?.token !== token) return false;
    row.token = undefined;
    row.failures += 1;
    row.failure = failure ? { state: 'failed', failure, retryInMs } : { state: 'waiting', uploading: false, retryInMs };
    return true;
  }

  async sweep(): Promise<number> {
    return 0;
  }
}

/** The link's server and WhatsApp's /media, faked: counts what each was asked. */
class FakeTransfer implements Pick<MediaTransfer, 'fetch' | 'upload'> {
  fetches: Array<{ link: string; kind: SendMediaKind }> = [];
  uploads: FetchedMedia[] = [];
  fetchFails?: Error;
  uploadFails?: Error;

  async fetch(link: string, kind: SendMediaKind): Promise<FetchedMedia> {
    this.fetches.push({ link, kind });
    if (this.fetchFails) throw this.fetchFails;
    return { bytes: Buffer.from('jpeg'), mimeType: 'image/jpeg', fileName: 'summer.jpg' };
  }

  async upload(_endpoint: WhatsAppEndpoint, media: FetchedMedia): Promise<{ id: string }> {
    this.uploads.push(media);
    if (this.uploadFails) throw this.uploadFails;
    return { id: `media-${this.uploads.length}` };
  }
}

function setUp(env: Record<string, string> = {}) {
  const config = loadConfig(DispatcherConfig, { HERALD_ENV: 'development', ...env });
  const uploads = new FakeUploads();
  const transfer = new FakeTransfer();
  const service = new MediaLinksService(uploads as unknown as MediaUploadsRepository, transfer as unknown as MediaTransfer, config);
  // Each refusal is logged as a warning: expected here.
  jest.spyOn(service['logger'], 'warn').mockImplementation(() => undefined);
  return { service, uploads, transfer };
}

/** The first send claims and starts the upload; once it is done, a send goes by id. */
async function resolveAfterUpload(service: MediaLinksService, request: GraphSendMessageRequest) {
  const first = await service.resolve(request, channelUuid, endpoint);
  expect(first).toEqual({ outcome: 'wait', delayMs: expect.any(Number) });
  await service.beforeApplicationShutdown();
  return service.resolve(request, channelUuid, endpoint);
}

describe('MediaLinksService', () => {
  it('sends an image link by the media id it uploaded, keeping the caption, and uploads it once for many sends', async () => {
    const { service, transfer } = setUp();
    const resolved = await resolveAfterUpload(service, image);
    expect(resolved).toEqual({ outcome: 'send', request: { ...base, type: 'image', image: { id: 'media-1', caption: 'Summer' } } });
    for (let i = 0; i < 50; i += 1) expect((await service.resolve(image, channelUuid, endpoint)).outcome).toBe('send');
    expect(transfer.fetches).toEqual([{ link: imageLink, kind: 'image' }]);
    expect(transfer.uploads).toHaveLength(1);
    // The body built for the send is left as it was: a later attempt builds its own.
    expect(image).toEqual({ ...base, type: 'image', image: { link: imageLink, caption: 'Summer' } });
  });

  it("swaps a template's media header link for the id", async () => {
    const { service } = setUp();
    const resolved = await resolveAfterUpload(service, template);
    expect(resolved.outcome === 'send' && resolved.request.type === 'template' && resolved.request.template.components?.[0]).toEqual({
      type: 'header',
      parameters: [{ type: 'image', image: { id: 'media-1' } }],
    });
  });

  it('makes a send that finds the upload under way wait a moment, uploading nothing more', async () => {
    const { service, uploads, transfer } = setUp();
    await uploads.acquire(channelUuid, imageLink);
    const waiting = await service.resolve(image, channelUuid, endpoint);
    expect(waiting).toEqual({ outcome: 'wait', delayMs: expect.any(Number) });
    expect((waiting as { delayMs: number }).delayMs).toBeLessThan(1_000);
    expect(transfer.fetches).toHaveLength(0);
  });

  it('leaves bodies with no link, or media by id, as they are; with MEDIA_UPLOAD_LINKS=false, links too', async () => {
    const { service, transfer } = setUp();
    const text: GraphSendMessageRequest = { ...base, type: 'text', text: { body: 'Hi' } };
    const byId: GraphSendMessageRequest = { ...base, type: 'video', video: { id: 'known' } };
    expect(await service.resolve(text, channelUuid, endpoint)).toEqual({ outcome: 'send', request: text });
    expect(await service.resolve(byId, channelUuid, endpoint)).toEqual({ outcome: 'send', request: byId });
    const off = setUp({ MEDIA_UPLOAD_LINKS: 'false' });
    expect(await off.service.resolve(image, channelUuid, endpoint)).toEqual({ outcome: 'send', request: image });
    expect([...transfer.fetches, ...off.transfer.fetches]).toHaveLength(0);
  });

  it('fails sends of a link that cannot be fetched with media_unavailable, for a while only', async () => {
    const { service, uploads, transfer } = setUp();
    transfer.fetchFails = new MediaLinkError('the link answered HTTP 404');
    await service.resolve(image, channelUuid, endpoint);
    await service.beforeApplicationShutdown();
    expect(await service.resolve(image, channelUuid, endpoint)).toEqual({
      outcome: 'fail',
      failure: { code: 'media_unavailable', message: 'The image link cannot be sent: the link answered HTTP 404' },
    });
    expect(uploads.rows.get(`${channelUuid} ${imageLink}`)?.failure).toEqual(expect.objectContaining({ retryInMs: MEDIA_FAILURE_HOLD_MS }));
    expect(transfer.uploads).toHaveLength(0);
  });

  it("maps WhatsApp's refusal of the upload through the send errors' table", async () => {
    const { service, transfer } = setUp();
    transfer.uploadFails = new WhatsAppApiError(400, 131053, 'Media upload error', undefined, 'Unsupported file type');
    await service.resolve(image, channelUuid, endpoint);
    await service.beforeApplicationShutdown();
    expect(await service.resolve(image, channelUuid, endpoint)).toEqual({
      outcome: 'fail',
      failure: { code: 'media_upload_failed', message: 'Unsupported file type', providerCode: 131053 },
    });
  });

  it('retries an upload WhatsApp could not answer after a backoff, and fails its sends once the attempts are spent', async () => {
    const { service, uploads, transfer } = setUp({ DISPATCH_MAX_ATTEMPTS: '2' });
    transfer.uploadFails = new WhatsAppApiError(503, undefined, 'Service unavailable');
    await service.resolve(image, channelUuid, endpoint);
    await service.beforeApplicationShutdown();
    const row = uploads.rows.get(`${channelUuid} ${imageLink}`);
    expect(row?.failure).toEqual({ state: 'waiting', uploading: false, retryInMs: expect.any(Number) });
    expect(await service.resolve(image, channelUuid, endpoint)).toEqual({ outcome: 'wait', delayMs: expect.any(Number) });

    row!.failure = undefined;
    await service.resolve(image, channelUuid, endpoint);
    await service.beforeApplicationShutdown();
    expect(await service.resolve(image, channelUuid, endpoint)).toEqual({
      outcome: 'fail',
      failure: expect.objectContaining({ code: 'provider_unavailable' }),
    });
    expect(transfer.uploads).toHaveLength(2);
  });
});
