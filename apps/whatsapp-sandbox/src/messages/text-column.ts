/** Bytes per chunk: big enough for hundreds of sends' texts, small enough that the last chunk wastes little. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Strings kept as UTF-8 bytes in chunks of buffers, read back by the order they were added in. For text that is
 * plentiful and long-lived, such as every recorded send's body: as strings it sat in the JS heap, which the GC
 * scans and which V8 lets grow to about twice what is live before collecting it; bytes sit outside it, once.
 * Only well-formed strings (no lone surrogates) survive the trip unchanged: JSON text always is one.
 */
export class TextColumn {
  private readonly chunks: Buffer[] = [];
  /** Bytes used in the last chunk. */
  private used = 0;
  /** For each text, its chunk and where it ends there; it starts where the one before ends, or at 0 in a new chunk. */
  private readonly chunkOf: Uint32Array;
  private readonly ends: Uint32Array;
  private count = 0;

  constructor(capacity: number) {
    this.chunkOf = new Uint32Array(capacity);
    this.ends = new Uint32Array(capacity);
  }

  add(text: string): void {
    const length = Buffer.byteLength(text, 'utf8');
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || this.used + length > chunk.length) {
      chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, length));
      this.chunks.push(chunk);
      this.used = 0;
    }
    this.used += chunk.write(text, this.used, 'utf8');
    this.chunkOf[this.count] = this.chunks.length - 1;
    this.ends[this.count] = this.used;
    this.count += 1;
  }

  get(index: number): string {
    const chunk = this.chunkOf[index];
    const start = index > 0 && this.chunkOf[index - 1] === chunk ? this.ends[index - 1] : 0;
    return this.chunks[chunk].toString('utf8', start, this.ends[index]);
  }
}
