import { crc32, inflateSync } from 'node:zlib';
import { samplePdf, samplePng } from './sample-media';

/** The chunks of a PNG, each checked against its CRC as a decoder would. */
function pngChunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(typeAndData));
    chunks.push({ type: typeAndData.subarray(0, 4).toString('ascii'), data: typeAndData.subarray(4) });
    at += 12 + length;
  }
  return chunks;
}

describe("the sandbox's own media", () => {
  it('is a valid 2×2 truecolour PNG of the colour asked for', () => {
    const chunks = pngChunks(samplePng(0x112233));
    expect(chunks.map(({ type }) => type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([...chunks[0].data]).toEqual([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
    const row = [0, 0x11, 0x22, 0x33, 0x11, 0x22, 0x33];
    expect([...inflateSync(chunks[1].data)]).toEqual([...row, ...row]);
  });

  it('is a PDF whose cross-reference table points at its objects', () => {
    const pdf = samplePdf().toString('latin1');
    const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, index) => expect(pdf.slice(offset)).toMatch(new RegExp(`^${index + 1} 0 obj\\n`)));
    expect(pdf.slice(Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]))).toMatch(/^xref\n/);
  });
});
