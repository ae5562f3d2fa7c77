const template = 'd980fb66fd5043d3ace1aac06e7ba6a7';

/**
 * Every request shape of Callbell's contract (messages-send-examples.md), which Herald accepts unchanged: the
 * OpenAPI document shows them and the tests send each of them.
 */
export const contractExamples: Record<string, Record<string, unknown>> = {
  text: { to: '+31612345678', from: 'whatsapp', type: 'text', content: { text: 'Hello!' } },
  'text with assignment': {
    to: '+31612345678',
    from: 'whatsapp',
    type: 'text',
    content: { text: 'Hello!' },
    assigned_user: 'john.doe@example.com',
  },
  image: { to: '+31612345678', from: 'whatsapp', type: 'image', content: { url: 'https://example.com/my_image.jpeg' } },
  'image with caption': {
    to: '+31612345678',
    from: 'whatsapp',
    type: 'image',
    content: { url: 'https://example.com/my_image.jpeg', text: 'Look at this' },
  },
  document: { to: '+31612345678', from: 'whatsapp', type: 'document', content: { url: 'https://example.com/invoice.pdf' } },
  audio: { to: '+31612345678', from: 'whatsapp', type: 'audio', content: { url: 'https://example.com/note.mp3' } },
  video: { to: '+31612345678', from: 'whatsapp', type: 'video', content: { url: 'https://example.com/clip.mp4' } },
  'template with one placeholder': {
    to: '+31612345678',
    from: 'whatsapp',
    type: 'text',
    content: { text: 'John Doe' },
    template_uuid: template,
    optin_contact: true,
  },
  'template with several placeholders': {
    to: '+31612345678',
    from: 'whatsapp',
    type: 'text',
    content: { text: 'ignored' },
    template_values: ['Jack', 'message', 'Cheers'],
    template_uuid: template,
    optin_contact: true,
  },
  'media template': {
    to: '+31612345678',
    from: 'whatsapp',
    type: 'image',
    content: { url: 'https://example.com/promo.jpeg' },
    template_uuid: template,
    optin_contact: true,
  },
};


const to = '+31612345678';
const from = 'whatsapp';
/** A message uuid of the conversation: the customer's message, or the team's once sent. */
const earlierMessage = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';

/**
 * Herald's extensions of the contract: WhatsApp's other free-form kinds in Callbell's style (a `type` and a
 * `content`), media by WhatsApp media id, and replies. The OpenAPI document shows them, marked as extensions; a
 * reaction or a reply must name a message of the conversation, so these are not sent blind as the examples above are.
 */
export const extensionExamples: Record<string, Record<string, unknown>> = {
  'interactive reply buttons': {
    to,
    from,
    type: 'interactive',
    content: {
      type: 'button',
      header: { type: 'text', text: 'Your appointment' },
      body: { text: 'Shall we confirm Monday 10:00?' },
      footer: { text: 'Reply by tomorrow' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
          { type: 'reply', reply: { id: 'no', title: 'No' } },
        ],
      },
    },
  },
  'interactive list': {
    to,
    from,
    type: 'interactive',
    content: {
      type: 'list',
      header: { type: 'text', text: 'Opening hours' },
      body: { text: 'Pick a day for your visit' },
      action: {
        button: 'Days',
        sections: [
          { title: 'This week', rows: [{ id: 'mon', title: 'Monday', description: '9:00 to 17:00' }, { id: 'tue', title: 'Tuesday' }] },
          { title: 'Next week', rows: [{ id: 'next-mon', title: 'Monday' }] },
        ],
      },
    },
  },
  'interactive call-to-action URL': {
    to,
    from,
    type: 'interactive',
    content: {
      type: 'cta_url',
      header: { type: 'image', url: 'https://example.com/dates.png' },
      body: { text: 'Our summer dates are out' },
      action: { name: 'cta_url', parameters: { display_text: 'See dates', url: 'https://example.com/dates' } },
    },
  },
  location: { to, from, type: 'location', content: { latitude: 52.3702, longitude: 4.8952, name: 'Herald HQ', address: 'Dam 1, Amsterdam' } },
  contacts: {
    to,
    from,
    type: 'contacts',
    content: { contacts: [{ name: { formatted_name: 'Ann Smith', first_name: 'Ann', last_name: 'Smith' }, phones: [{ phone: '+31612345678', type: 'CELL' }] }] },
  },
  sticker: { to, from, type: 'sticker', content: { url: 'https://example.com/hello.webp' } },
  'image by media id': { to, from, type: 'image', content: { id: '1037543291543636', text: 'Look at this' } },
  reaction: { to, from, type: 'reaction', content: { message_uuid: earlierMessage, emoji: '👍' } },
  'reaction removed': { to, from, type: 'reaction', content: { message_uuid: earlierMessage, emoji: '' } },
  'text replying to a message': { to, from, type: 'text', content: { text: 'Yes, Monday works' }, reply_to: earlierMessage },
};
