import { checkContract } from '../validation';
import { INTERACTIVE_LIMITS } from './message-kinds.dto';
import { extensionExamples } from './send-message.examples';
import { SendMessageDto } from './send-message.dto';

const problemsOf = (body: unknown) => {
  const check = checkContract(SendMessageDto, body);
  return check.ok ? [] : check.problems.map((problem) => problem.field);
};
const x = (length: number) => 'x'.repeat(length);
const base = { to: '+31612345678', from: 'whatsapp' };
const interactive = (content: Record<string, unknown>) => ({ ...base, type: 'interactive', content });
const buttons = (count: number, title = 'Yes') => ({
  buttons: Array.from({ length: count }, (_, index) => ({ type: 'reply', reply: { id: `b${index}`, title: `${index}${title}`.slice(0, title.length) } })),
});
const buttonMessage = (overrides: Record<string, unknown> = {}) => interactive({ type: 'button', body: { text: 'Pick' }, action: buttons(2), ...overrides });
const rows = (count: number, row: Record<string, unknown> = {}) => Array.from({ length: count }, (_, index) => ({ id: `r${index}`, title: 'Row', ...row }));
const listMessage = (action: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  interactive({ type: 'list', body: { text: 'Pick' }, action: { button: 'Days', ...action }, ...overrides });
const cta = (parameters: Record<string, unknown>) =>
  interactive({ type: 'cta_url', body: { text: 'See' }, action: { name: 'cta_url', parameters: { display_text: 'See dates', url: 'https://example.com', ...parameters } } });
const L = INTERACTIVE_LIMITS;

describe('the free-form kinds at the door', () => {
  it.each(Object.entries(extensionExamples))('accepts the extension example: %s', (_name, body) => {
    expect(problemsOf(body)).toEqual([]);
  });

  // Each limit: the message at the limit passes, one over is refused naming the field.
  it.each([
    ['button title', (n: number) => buttonMessage({ action: buttons(1, x(n)) }), L.replyButtonTitle, 'content.action.buttons.0.reply.title'],
    ['reply buttons', (n: number) => buttonMessage({ action: buttons(n) }), L.replyButtons, 'content.action.buttons'],
    ['body', (n: number) => buttonMessage({ body: { text: x(n) } }), L.bodyText, 'content.body.text'],
    ['header', (n: number) => buttonMessage({ header: { type: 'text', text: x(n) } }), L.headerText, 'content.header.text'],
    ['footer', (n: number) => buttonMessage({ footer: { text: x(n) } }), L.footerText, 'content.footer.text'],
    ['list button text', (n: number) => listMessage({ button: x(n), sections: [{ rows: rows(1) }] }), L.listButtonText, 'content.action.button'],
    ['row title', (n: number) => listMessage({ sections: [{ rows: rows(1, { title: x(n) }) }] }), L.rowTitle, 'content.action.sections.0.rows.0.title'],
    ['row description', (n: number) => listMessage({ sections: [{ rows: rows(1, { description: x(n) }) }] }), L.rowDescription, 'content.action.sections.0.rows.0.description'],
    ['section title', (n: number) => listMessage({ sections: [{ title: x(n), rows: rows(1) }] }), L.sectionTitle, 'content.action.sections.0.title'],
    ['rows in one section', (n: number) => listMessage({ sections: [{ rows: rows(n) }] }), L.rows, 'content.action.sections'],
    [
      'rows across sections',
      (n: number) => listMessage({ sections: [{ title: 'A', rows: rows(n - 5) }, { title: 'B', rows: rows(5).map((row) => ({ ...row, id: `s${row.id}` })) }] }),
      L.rows,
      'content.action.sections',
    ],
    ['call-to-action text', (n: number) => cta({ display_text: x(n) }), L.ctaDisplayText, 'content.action.parameters.display_text'],
  ] as const)('takes a %s at its limit and refuses one over', (_name, message, limit, field) => {
    expect(problemsOf(message(limit))).toEqual([]);
    expect(problemsOf(message(limit + 1))).toEqual([field]);
  });

  it.each([
    ['no button', buttonMessage({ action: buttons(0) }), 'content.action.buttons'],
    ['two buttons of one title', buttonMessage({ action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'Yes' } }, { type: 'reply', reply: { id: 'b', title: 'Yes' } }] } }), 'content.action.buttons'],
    ['a list with buttons', listMessage({ buttons: buttons(1).buttons, sections: [{ rows: rows(1) }] }), 'content.action.buttons'],
    ['a list without sections', listMessage({}), 'content.action.sections'],
    ['untitled sections of a list of several', listMessage({ sections: [{ rows: rows(1) }, { title: 'B', rows: [{ id: 'z', title: 'Z' }] }] }), 'content.action.sections'],
    ['rows of one id', listMessage({ sections: [{ rows: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }] }] }), 'content.action.sections'],
    ['a list with a media header', listMessage({ sections: [{ rows: rows(1) }] }, { header: { type: 'image', url: 'https://example.com/a.png' } }), 'content.header'],
    ['a buttons message without body', buttonMessage({ body: undefined }), 'content.body'],
    ['an unknown interactive type', buttonMessage({ type: 'product' }), 'content.type'],
    ['a call-to-action to an http URL', cta({ url: 'http://example.com' }), 'content.action.parameters.url'],
    ['a media header with both url and id', buttonMessage({ header: { type: 'image', url: 'https://example.com/a.png', id: '123' } }), 'content.header.url'],
    ['a text header with a url', buttonMessage({ header: { type: 'text', text: 'Hi', url: 'https://example.com/a.png' } }), 'content.header.url'],
    ['a latitude over 90', { ...base, type: 'location', content: { latitude: 90.0001, longitude: 0 } }, 'content.latitude'],
    ['a longitude under -180', { ...base, type: 'location', content: { latitude: 0, longitude: -180.5 } }, 'content.longitude'],
    ['a latitude as a string', { ...base, type: 'location', content: { latitude: '52.1', longitude: 0 } }, 'content.latitude'],
    ['a contact without formatted_name', { ...base, type: 'contacts', content: { contacts: [{ name: { first_name: 'Ann' } }] } }, 'content.contacts.0.name.formatted_name'],
    ['six contacts', { ...base, type: 'contacts', content: { contacts: Array.from({ length: 6 }, () => ({ name: { formatted_name: 'Ann' } })) } }, 'content.contacts'],
    ['no contacts', { ...base, type: 'contacts', content: { contacts: [] } }, 'content.contacts'],
    ['two emojis', { ...base, type: 'reaction', content: { message_uuid: 'a'.repeat(32), emoji: '👍👍' } }, 'content.emoji'],
    ['a word as an emoji', { ...base, type: 'reaction', content: { message_uuid: 'a'.repeat(32), emoji: 'ok' } }, 'content.emoji'],
    ['a reaction to no uuid', { ...base, type: 'reaction', content: { message_uuid: 'wamid.X', emoji: '👍' } }, 'content.message_uuid'],
    ['a reaction with reply_to', { ...base, type: 'reaction', content: { message_uuid: 'a'.repeat(32), emoji: '👍' }, reply_to: 'b'.repeat(32) }, 'reply_to'],
    ['reply_to that is not a uuid', { ...base, type: 'text', content: { text: 'Hi' }, reply_to: 'wamid.X' }, 'reply_to'],
    ['a sticker with a caption', { ...base, type: 'sticker', content: { url: 'https://example.com/s.webp', text: 'Hi' } }, 'content.text'],
    ['a sticker without media', { ...base, type: 'sticker', content: {} }, 'content.url'],
    ['an image by both url and id', { ...base, type: 'image', content: { url: 'https://example.com/a.png', id: '123' } }, 'content.url'],
    ['a media id of the wrong form', { ...base, type: 'document', content: { id: 'a b' } }, 'content.id'],
  ])('refuses %s, naming the field', (_name, body, field) => {
    expect(problemsOf(body)).toEqual([field]);
  });

  it.each([
    ['a flag', '🇳🇱'],
    ['a skin tone', '👍🏽'],
    ['a joined family', '👨‍👩‍👧'],
    ['nothing, which takes the reaction back', ''],
  ])('takes %s as a reaction', (_name, emoji) => {
    expect(problemsOf({ ...base, type: 'reaction', content: { message_uuid: 'a'.repeat(32), emoji } })).toEqual([]);
  });

  it.each(['image', 'document', 'audio', 'video', 'sticker'])('takes a %s by WhatsApp media id', (type) => {
    expect(problemsOf({ ...base, type, content: { id: '1037543291543636' } })).toEqual([]);
  });

  it('takes the edges of the globe', () => {
    expect(problemsOf({ ...base, type: 'location', content: { latitude: -90, longitude: 180 } })).toEqual([]);
  });

  it('refuses a template of a new kind', () => {
    expect(problemsOf({ ...extensionExamples.location, template_uuid: 'd980fb66fd5043d3ace1aac06e7ba6a7', optin_contact: true })).toContain('type');
  });
});
