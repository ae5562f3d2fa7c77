import { TextColumn } from './text-column';

describe('TextColumn', () => {
  it('gives back every text as added, empty and multi-byte ones too, as it grows', () => {
    const texts = ['', 'plain', 'é 😀 中文', 'x'.repeat(100_000), '', '{"a":"\\ud83d"}'];
    for (let index = 0; texts.length < 2_000; index += 1)
      texts.push(`text ${index} ${'ü'.repeat(index % 50)}`);
    const column = new TextColumn(texts.length);
    for (const text of texts) column.add(text);
    expect(texts.map((_, index) => column.get(index))).toEqual(texts);
  });
});
