/** Records per block: a log takes memory, and gives it back, a block at a time. */
export const BLOCK_SIZE = 4096;

/**
 * Positions 0, 1, 2... of records kept in blocks of BLOCK_SIZE (a column per field, so a record costs bytes, not an
 * object), the oldest forgotten a block at a time once more than `max` are kept. The send store and the webhook log
 * both keep their records this way.
 */
export class BlockLog<B> {
  private readonly blocks = new Map<number, B>();
  private firstPosition = 0;
  private nextPosition = 0;

  constructor(
    private readonly newBlock: () => B,
    private readonly max: number,
  ) {}

  /** The oldest position kept. */
  get first(): number {
    return this.firstPosition;
  }

  /** The position the next record gets. */
  get next(): number {
    return this.nextPosition;
  }

  get count(): number {
    return this.nextPosition - this.firstPosition;
  }

  /** A position for a new record, the block to write it in and its offset there. */
  add(): { position: number; block: B; offset: number } {
    const position = this.nextPosition++;
    const index = Math.floor(position / BLOCK_SIZE);
    let block = this.blocks.get(index);
    if (!block) {
      block = this.newBlock();
      this.blocks.set(index, block);
    }
    if (this.count > this.max) this.forgetUpTo(this.nextPosition - this.max);
    return { position, block, offset: position % BLOCK_SIZE };
  }

  /** The block holding a position; none once it was forgotten or cleared. */
  blockOf(position: number): B | undefined {
    return position < this.firstPosition ? undefined : this.blocks.get(Math.floor(position / BLOCK_SIZE));
  }

  /** Forgets every record and goes on in a new block (a block's records are added in order from its start). */
  clear(): number {
    const count = this.count;
    this.blocks.clear();
    this.nextPosition = Math.ceil(this.nextPosition / BLOCK_SIZE) * BLOCK_SIZE;
    this.firstPosition = this.nextPosition;
    return count;
  }

  /** Forgets every record before `position`, and the blocks left with none. */
  private forgetUpTo(position: number): void {
    for (let index = Math.floor(this.firstPosition / BLOCK_SIZE); index < Math.floor(position / BLOCK_SIZE); index += 1) {
      this.blocks.delete(index);
    }
    this.firstPosition = position;
  }
}
