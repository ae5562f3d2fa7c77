import { SendMessageDto } from '@herald/contracts';
import type { EventPublisher } from '@herald/kafka';
import type { Repository } from 'typeorm';
import type { ChannelsService } from '../channels/channels.service';
import type { Template } from '../templates/template.entity';
import type { Rendering } from '../templates/template-renderer';
import { outboundOf, RenderingService } from './rendering.service';

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
  const stored = [
    { uuid: 'a'.repeat(32), wabaId: waba, name: 'greeting', language: 'en_US', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello {{1}}' }] },
    { uuid: 'b'.repeat(32), wabaId: waba, name: 'greeting', language: 'es', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hola {{1}}' }] },
    { uuid: 'c'.repeat(32), wabaId: waba, name: 'only_english', language: 'en_US', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}' }] },
  ] as unknown as Template[];
  const matches = (where: Partial<Template>) => (template: Template) =>
    Object.entries(where).every(([field, value]) => template[field as keyof Template] === value);
  const templates = {
    findOneBy: async (where: Partial<Template>) => stored.find(matches(where)) ?? null,
    find: async ({ where }: { where: Partial<Template> }) => stored.filter(matches(where)),
  } as unknown as Repository<Template>;
  const serviceFor = (channelLanguage: string) =>
    new RenderingService(
      {} as EventPublisher,
      templates,
      { find: async () => ({ wabaId: waba, language: channelLanguage }) } as unknown as ChannelsService,
    );
  const send = (uuid: string, template_language?: string) =>
    request({ template_uuid: uuid, optin_contact: true, content: { text: 'Ana' }, ...(template_language ? { template_language } : {}) });
  const rendered = (rendering: Rendering) => (rendering.ok ? [rendering.outbound.template?.language, rendering.renderedText] : [rendering.code]);

  it('sends the language the request names, whichever language the uuid names', async () => {
    expect(rendered(await serviceFor('en_US').renderTemplate('c', send('a'.repeat(32), 'es')))).toEqual(['es', 'Hola Ana']);
    expect(rendered(await serviceFor('es').renderTemplate('c', send('b'.repeat(32), 'en_US')))).toEqual(['en_US', 'Hello Ana']);
  });

  it("defaults to the channel's language when the template has it, else the uuid's own", async () => {
    expect(rendered(await serviceFor('es').renderTemplate('c', send('a'.repeat(32))))).toEqual(['es', 'Hola Ana']);
    expect(rendered(await serviceFor('es').renderTemplate('c', send('c'.repeat(32))))).toEqual(['en_US', 'Hi Ana']);
    expect(rendered(await serviceFor('pt_BR').renderTemplate('c', send('b'.repeat(32))))).toEqual(['es', 'Hola Ana']);
  });

  it('refuses a requested language the template does not exist in, naming those it does', async () => {
    const refusal = await serviceFor('en_US').renderTemplate('c', send('a'.repeat(32), 'pt_BR'));
    expect(refusal).toEqual({ ok: false, code: 'template_language_unavailable', message: expect.stringContaining('en_US, es') });
  });
});
