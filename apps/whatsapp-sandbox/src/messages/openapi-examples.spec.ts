import { parseSendMessageRequest } from './send-message.dto';

/**
 * The request examples of Meta's OpenAPI description (business-messaging-api v23.0, `sendMessage`), as written there
 * but for the recipient and link placeholders: the sandbox takes each. Its "Send Contact Message" example is left out: it is
 * typed `template` and has no contact name, which Meta's docs require.
 */
const to = '16505551234';
const examples: Record<string, unknown> = {
  'Send Reply Button': {
    interactive: {
      action: {
        buttons: [
          { reply: { id: '<UNIQUE_BUTTON_ID_1>', title: '<BUTTON_TITLE_1>' }, type: 'reply' },
          { reply: { id: '<UNIQUE_BUTTON_ID_2>', title: '<BUTTON_TITLE_2>' }, type: 'reply' },
        ],
      },
      body: { text: '<BUTTON_TEXT>' },
      type: 'button',
    },
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'interactive',
  },
  'Send List Message': {
    interactive: {
      action: {
        button: '<BUTTON_TEXT>',
        sections: [
          {
            rows: [
              { description: '<SECTION_1_ROW_1_DESC>', id: '<LIST_SECTION_1_ROW_1_ID>', title: '<SECTION_1_ROW_1_TITLE>' },
              { description: '<SECTION_1_ROW_2_DESC>', id: '<LIST_SECTION_1_ROW_2_ID>', title: '<SECTION_1_ROW_2_TITLE>' },
            ],
            title: '<LIST_SECTION_1_TITLE>',
          },
          {
            rows: [
              { description: '<SECTION_2_ROW_1_DESC>', id: '<LIST_SECTION_2_ROW_1_ID>', title: '<SECTION_2_ROW_1_TITLE>' },
              { description: '<SECTION_2_ROW_2_DESC>', id: '<LIST_SECTION_2_ROW_2_ID>', title: '<SECTION_2_ROW_2_TITLE>' },
            ],
            title: '<LIST_SECTION_2_TITLE>',
          },
        ],
      },
      body: { text: '<BODY_TEXT>' },
      footer: { text: '<FOOTER_TEXT>' },
      header: { text: '<HEADER_TEXT>', type: 'text' },
      type: 'list',
    },
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'interactive',
  },
  'Send Location Message': {
    location: { address: '1 Hacker Way, Menlo Park, CA 94025', latitude: 37.758056, longitude: -122.425332, name: 'META HQ' },
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'location',
  },
  'Send Reply with Reaction Message': {
    messaging_product: 'whatsapp',
    reaction: { emoji: '😀', message_id: 'wamid.HBgLM...' },
    recipient_type: 'individual',
    to,
    type: 'reaction',
  },
  'Send Sticker Message by ID': {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    sticker: { id: '<MEDIA_OBJECT_ID>' },
    to,
    type: 'sticker',
  },
  'Send Sticker Message by URL': {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    sticker: { link: 'https://sticker-url.example.com/s.webp' },
    to,
    type: 'sticker',
  },
  'Send Reply to Text Message': {
    context: { message_id: '<MSGID_OF_PREV_MSG>' },
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    text: { body: '<TEXT_MSG_CONTENT>', preview_url: false },
    to,
    type: 'text',
  },
  'Send Reply to Audio Message by ID': {
    audio: { id: '<AUDIO_OBJECT_ID>' },
    context: { message_id: '<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>' },
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'audio',
  },
  'Send Catalog Template Message (button sub_type in capitals)': {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    template: {
      components: [
        {
          parameters: [
            { text: '100', type: 'text' },
            { text: '400', type: 'text' },
            { text: '3', type: 'text' },
          ],
          type: 'body',
        },
        { index: 0, parameters: [{ action: { thumbnail_product_retailer_id: '2lc20305pt' }, type: 'action' }], sub_type: 'CATALOG', type: 'button' },
      ],
      language: { code: 'en_US' },
      name: 'intro_catalog_offer',
    },
    to,
    type: 'template',
  },
};

describe("Meta's OpenAPI request examples", () => {
  it.each(Object.entries(examples))('takes "%s"', (_name, body) => {
    expect(() => parseSendMessageRequest(body)).not.toThrow();
  });
});
