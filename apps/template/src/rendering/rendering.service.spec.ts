import { envelope, MessageApprovedEvent, SendMessageDto, Topics } from '@herald/contracts';
import type { EventPublisher } from '@herald/kafka';
import type { ChannelsService } from '../channels/channels.service';
import type { Rendering } from '../templates/template-renderer';
import type { TemplateSyncService } from '../templates/template-sync.service';
import type { StoredTemplate, TemplatesService, WantedTemplate } from '../templates/templates.service';
import { outboundOf } from './free-form';
import { RenderingService, UnknownChannelError } from './rendering.service';

const request = (overrides: Partial<SendMessageDto>) =>
  ({ to: '+31612345678', from: 'whatsapp', type: 'text', content: { text: 'Hi' }, ...overrides }) as SendMessageDto;

describe('outboundOf', () => {
  it('passes text through exactly, with link previews off', () => {
    expect(outboundOf(request({ content: { text: '  Hello {{1}} 👋\n' } }))).toEqual({
      kind: 'text',
      text: { body: '  Hello {{1}} 👋\n', previewUrl: false },
    });
  });

  it('turns an image with a caption into media with a caption', () => {
    expect(outboundOf(request({ type: 'image', content: { url: 'https://example.com/a.jpeg', text: 'Look' } as never }))).toEqual({
      kind: 'image',
      media: { link: 'https://example.com/a.jpeg', caption: 'Look' },
    });
  });

  it('keeps a document’s file name', () => {
    expect(
      outboundOf(request({ type: 'document', content: { url: 'https://example.com/i.pdf', filename: 'invoice.pdf' } as never })),
    ).toEqual({ kind: 'document', media: { link: 'https://example.com/i.pdf', filename: 'invoice.pdf' } });
  });

  it('sends audio as the media alone', () => {
    expect(outboundOf(request({ type: 'audio', content: { url: 'https://example.com/n.mp3' } as never }))).toEqual({
      kind: 'audio',
      media: { link: 'https://example.com/n.mp3' },
    });
  });
});

describe('RenderingService: the language a template goes out in', () => {
  const waba = '100000000000001';
  const stored: StoredTemplate[] = [
    { uuid: 'a'.repeat(32), wabaId: waba, name: 'greeting', language: 'en_US', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello {{1}}' }] },
    { uuid: 'b'.repeat(32), wabaId: waba, name: 'greeting', language: 'es', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hola {{1}}' }] },
    { uuid: 'c'.repeat(32), wabaId: waba, name: 'only_english', language: 'en_US', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}' }] },
    { uuid: 'd'.repeat(32), wabaId: waba, name: 'paused', language: 'en_US', status: 'PAUSED', components: [{ type: 'BODY', text: 'Hi' }] },
  ];
  const asked: WantedTemplate[][] = [];
  /** What the query of TemplatesService.toRender answers: the templates named and, for another language, their siblings. */
  const templates = {
    toRender: async (wanted: WantedTemplate[]) => {
      asked.push(wanted);
      return stored.filter((candidate) =>
        wanted.some(({ uuid, wabaId, language }) => {
          const named = stored.find((template) => template.uuid === uuid && template.wabaId === wabaId);
          return named && candidate.wabaId === named.wabaId && candidate.name === named.name && (candidate === named || named.language !== language);
        }),
      );
    },
  } as unknown as TemplatesService;
  const channelUuid = '00000000-0000-4000-8000-000000000002';
  /** The accounts synced on demand; a sync that finds nothing new, unless a test says otherwise. */
  const syncs: string[] = [];
  const nothingNew = async (wabaId: string) => {
    syncs.push(wabaId);
    return false;
  };
  let syncUnlessRecent = nothingNew;
  const serviceFor = (channelLanguage: string, publisher = {} as EventPublisher) =>
    new RenderingService(
      publisher,
      templates,
      { findMany: async (uuids: string[]) => new Map(uuids.filter((uuid) => uuid === channelUuid).map((uuid) => [uuid, { wabaId: waba, language: channelLanguage }])) } as unknown as ChannelsService,
      { syncUnlessRecent: (wabaId: string) => syncUnlessRecent(wabaId) } as unknown as TemplateSyncService,
    );
  const send = (uuid: string, template_language?: string) =>
    request({ template_uuid: uuid, optin_contact: true, content: { text: 'Ana' }, ...(template_language ? { template_language } : {}) });
  const rendered = (rendering: Rendering) => (rendering.ok ? [rendering.outbound.template?.language, rendering.renderedText] : [rendering.code]);

  beforeEach(() => {
    asked.length = 0;
    syncs.length = 0;
    syncUnlessRecent = nothingNew;
  });

  it('sends the language the request names, whichever language the uuid names', async () => {
    expect(rendered(await serviceFor('en_US').renderTemplate(channelUuid, send('a'.repeat(32), 'es')))).toEqual(['es', 'Hola Ana']);
    expect(rendered(await serviceFor('es').renderTemplate(channelUuid, send('b'.repeat(32), 'en_US')))).toEqual(['en_US', 'Hello Ana']);
  });

  it("defaults to the channel's language when the template has it, else the uuid's own", async () => {
    expect(rendered(await serviceFor('es').renderTemplate(channelUuid, send('a'.repeat(32))))).toEqual(['es', 'Hola Ana']);
    expect(rendered(await serviceFor('es').renderTemplate(channelUuid, send('c'.repeat(32))))).toEqual(['en_US', 'Hi Ana']);
    expect(rendered(await serviceFor('pt_BR').renderTemplate(channelUuid, send('b'.repeat(32))))).toEqual(['es', 'Hola Ana']);
  });

  it('refuses a requested language the template does not exist in, naming those it does', async () => {
    const refusal = await serviceFor('en_US').renderTemplate(channelUuid, send('a'.repeat(32), 'pt_BR'));
    expect(refusal).toEqual({ ok: false, code: 'template_language_unavailable', message: expect.stringContaining('en_US, es') });
  });

  it('renders a batch with one lookup of the templates it names, each asked once, and publishes every outcome in order', async () => {
    const published: Array<{ topic: string; event: { data: { messageUuid: string; reason?: { code: string }; renderedText?: string } } }> = [];
    const publisher = { publish: async (event: (typeof published)[number]) => void published.push(event) } as unknown as EventPublisher;
    const approved = (digit: string, message: SendMessageDto) =>
      envelope(Topics.MessageApproved, {
        messageUuid: digit.repeat(32),
        teamUuid: '00000000-0000-4000-8000-000000000001',
        channelUuid,
        to: message.to,
        request: message,
        acceptedAt: '2026-11-24T12:00:00.000Z',
        approvedAt: '2026-11-24T12:00:01.000Z',
      }) as MessageApprovedEvent;
    await serviceFor('en_US', publisher).render([
      approved('1', send('a'.repeat(32))),
      approved('2', request({ content: { text: 'Plain' } })),
      approved('3', send('a'.repeat(32))),
      approved('4', send('d'.repeat(32))),
      approved('5', send('e'.repeat(32))),
    ]);
    expect(asked).toEqual([
      [
        { uuid: 'a'.repeat(32), wabaId: waba, language: 'en_US' },
        { uuid: 'd'.repeat(32), wabaId: waba, language: 'en_US' },
        { uuid: 'e'.repeat(32), wabaId: waba, language: 'en_US' },
      ],
    ]);
    expect(published.map(({ topic, event: { data } }) => [topic, data.messageUuid[0], data.reason?.code ?? data.renderedText])).toEqual([
      [Topics.MessageReady, '1', 'Hello Ana'],
      [Topics.MessageReady, '2', 'Plain'],
      [Topics.MessageReady, '3', 'Hello Ana'],
      [Topics.MessageRejected, '4', 'template_not_approved'],
      [Topics.MessageRejected, '5', 'template_not_found'],
    ]);
  });

  it('syncs the account of a template the store does not have, and renders it once the sync brought it', async () => {
    const late: StoredTemplate = { uuid: 'f'.repeat(32), wabaId: waba, name: 'late', language: 'en_US', status: 'APPROVED', components: [{ type: 'BODY', text: 'Late {{1}}' }] };
    syncUnlessRecent = async (wabaId) => {
      syncs.push(wabaId);
      stored.push(late);
      return true;
    };
    try {
      expect(rendered(await serviceFor('en_US').renderTemplate(channelUuid, send('f'.repeat(32))))).toEqual(['en_US', 'Late Ana']);
      expect(syncs).toEqual([waba]);
      expect(asked).toHaveLength(2);
    } finally {
      stored.splice(stored.indexOf(late), 1);
    }
    expect(rendered(await serviceFor('en_US').renderTemplate(channelUuid, send('a'.repeat(32))))).toEqual(['en_US', 'Hello Ana']);
    expect(syncs).toEqual([waba]);
  });

  it('refuses a template the sync did not bring, and throws when WhatsApp cannot be reached, so it is retried', async () => {
    expect(rendered(await serviceFor('en_US').renderTemplate(channelUuid, send('e'.repeat(32))))).toEqual(['template_not_found']);
    expect(asked).toHaveLength(1);
    syncUnlessRecent = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    await expect(serviceFor('en_US').renderTemplate(channelUuid, send('e'.repeat(32)))).rejects.toThrow('ECONNREFUSED');
  });

  it('looks nothing up for text and media, and throws for a template on a channel not known yet, so it is retried', async () => {
    expect(rendered(await serviceFor('en_US').renderTemplate('unknown', request({ content: { text: 'Hi' } })))).toEqual([undefined, 'Hi']);
    expect(asked).toEqual([[]]);
    await expect(serviceFor('en_US').renderTemplate('unknown', send('a'.repeat(32)))).rejects.toBeInstanceOf(UnknownChannelError);
  });
});
