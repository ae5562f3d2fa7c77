import { checkContract } from '../validation';
import { SendMessageDto } from './send-message.dto';

describe('SendMessageDto', () => {
  const valid = { to: '+15550001111', from: 'whatsapp', type: 'text', content: { text: 'Hello' } };

  it('accepts the contract text message', () => {
    const check = checkContract(SendMessageDto, valid);
    expect(check).toEqual({ ok: true, value: expect.any(SendMessageDto) });
  });

  it.each([
    ['a number that is not E.164', { ...valid, to: '5550001111' }, 'to'],
    ['a number with a leading 0 country code', { ...valid, to: '+0550001111' }, 'to'],
    ['an unknown channel type', { ...valid, from: 'telegram' }, 'from'],
    ['an unknown message type', { ...valid, type: 'sticker' }, 'type'],
    ['missing content', { ...valid, content: undefined }, 'content'],
    ['empty text', { ...valid, content: { text: '' } }, 'content.text'],
    ['text over 4096 characters', { ...valid, content: { text: 'x'.repeat(4097) } }, 'content.text'],
    ['text of the wrong JSON type', { ...valid, content: { text: 42 } }, 'content.text'],
    ['an unknown field', { ...valid, priority: 'high' }, 'priority'],
    ['an unknown content field', { ...valid, content: { text: 'hi', html: '<b>' } }, 'content.html'],
  ])('refuses %s', (_case, body, field) => {
    const check = checkContract(SendMessageDto, body);
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.problems.map((problem) => problem.field)).toContain(field);
  });

  it('refuses what is not a JSON object', () => {
    for (const body of [null, 'text', 42, [valid]]) {
      expect(checkContract(SendMessageDto, body)).toEqual({ ok: false, problems: [{ field: '', problem: 'must be a JSON object' }] });
    }
  });

  it('takes 4096 characters exactly', () => {
    expect(checkContract(SendMessageDto, { ...valid, content: { text: 'x'.repeat(4096) } }).ok).toBe(true);
  });
});
