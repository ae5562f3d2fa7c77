import { checkContract } from '../validation';
import { SendMessageDto } from './send-message.dto';
import { contractExamples } from './send-message.examples';

const problemsOf = (body: unknown) => {
  const check = checkContract(SendMessageDto, body);
  return check.ok ? [] : check.problems.map((problem) => problem.field);
};

describe('SendMessageDto', () => {
  it.each(Object.entries(contractExamples))('accepts the contract example: %s', (_name, body) => {
    expect(checkContract(SendMessageDto, body)).toEqual({ ok: true, value: expect.any(SendMessageDto) });
  });

  it('accepts the optional parameters of the current contract', () => {
    expect(
      problemsOf({
        ...contractExamples.text,
        from: '0b7d3a2e-98a5-4a8e-8c4e-1a2b3c4d5e6f',
        channel_uuid: '0b7d3a2e-98a5-4a8e-8c4e-1a2b3c4d5e6f',
        team_uuid: 'c7b3d1216d4c4dcd908199d6700f2381',
        fields: 'contact',
        metadata: { order: '1234' },
        bot_status: 'bot_end',
      }),
    ).toEqual([]);
  });

  const text = contractExamples.text;
  it.each([
    ['a number that is not E.164', { ...text, to: '31612345678' }, 'to'],
    ['a number with a leading 0 country code', { ...text, to: '+0612345678' }, 'to'],
    ['an unknown channel type', { ...text, from: 'telegram' }, 'from'],
    ['an unknown message type', { ...text, type: 'product' }, 'type'],
    ['missing content', { ...text, content: undefined }, 'content'],
    ['content that is not an object', { ...text, content: 'Hello' }, 'content'],
    ['empty text', { ...text, content: { text: '' } }, 'content.text'],
    ['text over 4096 characters', { ...text, content: { text: 'x'.repeat(4097) } }, 'content.text'],
    ['text of the wrong JSON type', { ...text, content: { text: 42 } }, 'content.text'],
    ['an unknown field', { ...text, priority: 'high' }, 'priority'],
    ['an unknown content field', { ...text, content: { text: 'hi', html: '<b>' } }, 'content.html'],
    ['a url on a text message', { ...text, content: { text: 'hi', url: 'https://example.com/a.png' } }, 'content.url'],
    ['an image without a url', { ...contractExamples.image, content: { text: 'caption' } }, 'content.url'],
    ['a url that is not http(s)', { ...contractExamples.image, content: { url: 'ftp://example.com/a.png' } }, 'content.url'],
    ['a javascript: url', { ...contractExamples.image, content: { url: 'javascript:alert(1)' } }, 'content.url'],
    ['a caption over 1024 characters', { ...contractExamples.image, content: { url: 'https://example.com/a.png', text: 'x'.repeat(1025) } }, 'content.text'],
    ['a caption on audio', { ...contractExamples.audio, content: { url: 'https://example.com/a.mp3', text: 'hi' } }, 'content.text'],
    ['a template without optin_contact', { ...contractExamples['template with one placeholder'], optin_contact: undefined }, 'optin_contact'],
    ['template_values without a template', { ...text, template_values: ['a'] }, 'template_uuid'],
    ['template_values that are not strings', { ...contractExamples['template with several placeholders'], template_values: [1, 2] }, 'template_values'],
    ['empty template_values', { ...contractExamples['template with several placeholders'], template_values: [] }, 'template_values'],
    ['an audio template', { ...contractExamples['media template'], type: 'audio' }, 'type'],
    ['a media template without its url', { ...contractExamples['media template'], content: {} }, 'content.url'],
    ['a template uuid of the wrong form', { ...contractExamples['template with one placeholder'], template_uuid: 'welcome' }, 'template_uuid'],
    ['an assigned user that is not an email', { ...text, assigned_user: 'john' }, 'assigned_user'],
    ['metadata with too many keys', { ...text, metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata'],
    ['metadata with a long value', { ...text, metadata: { note: 'x'.repeat(501) } }, 'metadata'],
    ['metadata with a non-string value', { ...text, metadata: { count: 3 } }, 'metadata'],
    ['an unknown bot status', { ...text, bot_status: 'bot_pause' }, 'bot_status'],
    ['optin_contact that is not a boolean', { ...contractExamples['template with one placeholder'], optin_contact: 'yes' }, 'optin_contact'],
  ])('refuses %s', (_case, body, field) => {
    expect(problemsOf(body)).toContain(field);
  });

  it('refuses what is not a JSON object', () => {
    for (const body of [null, 'text', 42, [text]]) {
      expect(checkContract(SendMessageDto, body)).toEqual({ ok: false, problems: [{ field: '', problem: 'must be a JSON object' }] });
    }
  });

  it('takes 4096 characters of text and a 1024-character caption exactly', () => {
    expect(problemsOf({ ...text, content: { text: 'x'.repeat(4096) } })).toEqual([]);
    expect(problemsOf({ ...contractExamples.image, content: { url: 'https://example.com/a.png', text: 'x'.repeat(1024) } })).toEqual([]);
  });
});
