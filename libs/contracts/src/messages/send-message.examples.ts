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

