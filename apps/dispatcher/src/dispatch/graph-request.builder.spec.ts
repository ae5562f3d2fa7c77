import { MessageReadyData } from '@herald/contracts';
import { buildGraphRequest } from './graph-request.builder';

describe('buildGraphRequest', () => {
  const ready: MessageReadyData = {
    messageUuid: '0123456789abcdef0123456789abcdef',
    teamUuid: '00000000-0000-4000-8000-000000000001',
    channelUuid: '00000000-0000-4000-8000-000000000002',
    to: '+15550001111',
    outbound: { kind: 'text', text: { body: 'Hello  {{1}} 👋\nthere', previewUrl: false } },
    renderedText: 'Hello  {{1}} 👋\nthere',
  };

  it('writes the Cloud API text body with the recipient as digits and the uuid as callback data', () => {
    expect(buildGraphRequest(ready)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '15550001111',
      type: 'text',
      text: { body: 'Hello  {{1}} 👋\nthere', preview_url: false },
      biz_opaque_callback_data: '0123456789abcdef0123456789abcdef',
    });
  });
});

describe('buildGraphRequest for media', () => {
  const base = {
    messageUuid: '0123456789abcdef0123456789abcdef',
    teamUuid: '00000000-0000-4000-8000-000000000001',
    channelUuid: '00000000-0000-4000-8000-000000000002',
    to: '+31612345678',
    renderedText: '',
  };
  const envelopeOf = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '31612345678', biz_opaque_callback_data: base.messageUuid };

  it.each([
    ['image', { link: 'https://example.com/a.jpeg', caption: 'Look' }, { image: { link: 'https://example.com/a.jpeg', caption: 'Look' } }],
    ['document', { link: 'https://example.com/i.pdf', filename: 'invoice.pdf' }, { document: { link: 'https://example.com/i.pdf', filename: 'invoice.pdf' } }],
    ['audio', { link: 'https://example.com/n.mp3' }, { audio: { link: 'https://example.com/n.mp3' } }],
    ['video', { link: 'https://example.com/c.mp4' }, { video: { link: 'https://example.com/c.mp4' } }],
  ] as const)('writes the %s object named by type', (kind, media, expected) => {
    expect(buildGraphRequest({ ...base, outbound: { kind, media } })).toEqual({ ...envelopeOf, type: kind, ...expected });
  });
});
