import { createHash } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
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

describe('checkContract on deeply nested input', () => {
  const text = contractExamples.text as Record<string, unknown>;
  const nested = (levels: number, innermost: string) => JSON.parse(`${'{"a":'.repeat(levels)}${JSON.stringify(innermost)}${'}'.repeat(levels)}`) as object;

  it('refuses JSON nested thousands of levels deep with a problem, not a stack overflow', () => {
    expect(checkContract(SendMessageDto, { ...text, metadata: nested(5_000, 'x') })).toEqual({
      ok: false,
      problems: [{ field: '', problem: 'must not nest objects and arrays more than 32 levels deep' }],
    });
  });

  it('says so too when an unstorable string sits beside the deep part', () => {
    const check = checkContract(SendMessageDto, { ...text, content: { text: 'a\u0000' }, metadata: { deep: nested(5_000, '\u0000') } });
    expect(check.ok ? [] : check.problems.map((problem) => problem.problem)).toEqual(['must not nest objects and arrays more than 32 levels deep']);
  });

  it('checks what nests up to the limit as any other input', () => {
    const check = checkContract(SendMessageDto, { ...text, metadata: nested(30, 'x') });
    expect(check.ok ? [] : check.problems.map((problem) => problem.field)).toEqual(['metadata']);
  });
});

describe("class-validator's rule lookup, remembered (rememberValidationRules)", () => {
  const fingerprint = (method: unknown) => createHash('sha256').update(String(method)).digest('hex').slice(0, 16);
  // The storage's own methods: rememberValidationRules wraps them on the one storage instance.
  const MetadataStorage = Object.getPrototypeOf(getMetadataStorage());
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ValidationExecutor } = require('class-validator/cjs/validation/ValidationExecutor');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version: string = require('class-validator/package.json').version;

  it('is what every validation asks: the storage methods and their caller are those of class-validator 0.14.4', () => {
    expect(version).toBe('0.14.4');
    expect(fingerprint(MetadataStorage.getTargetValidationMetadatas)).toBe('14084175191d6a95');
    expect(fingerprint(MetadataStorage.groupByPropertyName)).toBe('a6bc8bb60fb9d091');
    expect(fingerprint(ValidationExecutor.prototype.execute)).toBe('db083eb652b79f25');
  });

  it("answers a class's rules, and their grouping by property, from memory", () => {
    const storage = getMetadataStorage();
    const rules = storage.getTargetValidationMetadatas(SendMessageDto, '', false, false);
    expect(rules.length).toBeGreaterThan(0);
    expect(storage.getTargetValidationMetadatas(SendMessageDto, '', false, false)).toBe(rules);
    expect(storage.groupByPropertyName(rules)).toBe(storage.groupByPropertyName(rules));
  });
});
