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

describe('buildGraphRequest for the other free-form kinds', () => {
  const base = {
    messageUuid: '0123456789abcdef0123456789abcdef',
    teamUuid: '00000000-0000-4000-8000-000000000001',
    channelUuid: '00000000-0000-4000-8000-000000000002',
    to: '+31612345678',
    renderedText: '',
  };
  const envelopeOf = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '31612345678', biz_opaque_callback_data: base.messageUuid };

  it('writes reply buttons with a media header by id, as Meta documents the interactive object', () => {
    const outbound: MessageReadyData['outbound'] = {
      kind: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'document', document: { id: '1037543291543636', filename: 'menu.pdf' } },
        body: { text: 'Confirm?' },
        footer: { text: 'Thanks' },
        action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
      },
    };
    expect(buildGraphRequest({ ...base, outbound })).toEqual({
      ...envelopeOf,
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'document', document: { id: '1037543291543636', filename: 'menu.pdf' } },
        body: { text: 'Confirm?' },
        footer: { text: 'Thanks' },
        action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
      },
    });
  });

  it('writes a list and a call-to-action URL button with only the fields they have', () => {
    const list = buildGraphRequest({
      ...base,
      outbound: {
        kind: 'interactive',
        interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Days', sections: [{ rows: [{ id: 'mon', title: 'Monday' }] }] } },
      },
    });
    expect(list).toEqual({ ...envelopeOf, type: 'interactive', interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Days', sections: [{ rows: [{ id: 'mon', title: 'Monday' }] }] } } });
    const cta = buildGraphRequest({
      ...base,
      outbound: {
        kind: 'interactive',
        interactive: { type: 'cta_url', header: { type: 'text', text: 'Dates' }, body: { text: 'See' }, action: { name: 'cta_url', parameters: { display_text: 'Go', url: 'https://example.com' } } },
      },
    });
    expect(cta).toEqual({
      ...envelopeOf,
      type: 'interactive',
      interactive: { type: 'cta_url', header: { type: 'text', text: 'Dates' }, body: { text: 'See' }, action: { name: 'cta_url', parameters: { display_text: 'Go', url: 'https://example.com' } } },
    });
  });

  it.each([
    ['location', { kind: 'location', location: { latitude: 52.37, longitude: 4.89, name: 'HQ' } }, { location: { latitude: 52.37, longitude: 4.89, name: 'HQ' } }],
    ['contacts', { kind: 'contacts', contacts: [{ name: { formatted_name: 'Ann' } }] }, { contacts: [{ name: { formatted_name: 'Ann' } }] }],
    ['sticker', { kind: 'sticker', media: { link: 'https://example.com/s.webp' } }, { sticker: { link: 'https://example.com/s.webp' } }],
    ['reaction', { kind: 'reaction', reaction: { messageId: 'wamid.A', emoji: '👍' } }, { reaction: { message_id: 'wamid.A', emoji: '👍' } }],
  ] as const)('writes a %s', (type, outbound, expected) => {
    expect(buildGraphRequest({ ...base, outbound: outbound as MessageReadyData['outbound'] })).toEqual({ ...envelopeOf, type, ...expected });
  });

  it('sends a media by id rather than link, and a reply with its context', () => {
    expect(
      buildGraphRequest({ ...base, outbound: { kind: 'image', media: { id: '1037543291543636', caption: 'Look' }, context: { messageId: 'wamid.Q' } } }),
    ).toEqual({ ...envelopeOf, type: 'image', image: { id: '1037543291543636', caption: 'Look' }, context: { message_id: 'wamid.Q' } });
  });
});
