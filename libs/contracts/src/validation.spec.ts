import { checkContract } from './validation';
import { SendMessageDto } from './messages/send-message.dto';
import { contractExamples } from './messages/send-message.examples';

describe('checkContract', () => {
  const text = contractExamples.text as { content: { text: string } };

  it.each([
    ['a NUL', 'a\u0000b'],
    ['an unpaired high surrogate', 'a\ud83db'],
    ['an unpaired low surrogate', '\ude00'],
  ])('refuses a string with %s, naming its field', (_case, value) => {
    expect(checkContract(SendMessageDto, { ...text, content: { text: value } })).toEqual({
      ok: false,
      problems: [{ field: 'content.text', problem: 'must not contain NUL characters or unpaired surrogates' }],
    });
  });

  it('refuses such a key, and such a string however deep it is', () => {
    const check = checkContract(SendMessageDto, { ...text, metadata: { 'a\u0000': 'x', list: ['ok', { deep: '\ud800' }] } });
    expect(check.ok ? [] : check.problems.map((problem) => problem.field)).toEqual(['metadata.a\u0000', 'metadata.list.1.deep']);
  });

  it('takes every other character, surrogate pairs included', () => {
    expect(checkContract(SendMessageDto, { ...text, content: { text: 'Hello 😀 \u0001 \t ✓ \uffff' } }).ok).toBe(true);
  });
});
