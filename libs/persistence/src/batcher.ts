import { isTransientFailure } from '@herald/kafka';

interface Waiting<TItem, TResult> {
  item: TItem;
  resolve: (result: TResult) => void;
  reject: (error: unknown) => void;
}

/**
 * One statement for many callers: what is submitted within one turn of the event loop, and whatever is submitted
 * while that statement is under way, goes to `run` together (one batch in flight at a time). A round trip to the
 * database costs about the same for one row as for a hundred, so under load one statement serves many messages,
 * and an idle service waits no more than a turn. `run` answers one result per item, in the items' order (or
 * nothing, when there is nothing to answer).
 *
 * A batch whose statement fails by itself (not an outage, which every caller waits out on its own) is run again
 * one item at a time, so an item that cannot be written fails alone, as EventProcessor does for events.
 */
export class Batcher<TItem, TResult = void> {
  private waiting: Array<Waiting<TItem, TResult>> = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly run: (items: TItem[]) => Promise<TResult[] | void>,
    private readonly maxBatch = 500,
  ) {}

  submit(item: TItem): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) await this.settle(this.waiting.splice(0, this.maxBatch));
    this.draining = undefined;
  }

  private async settle(batch: Array<Waiting<TItem, TResult>>): Promise<void> {
    try {
      const results = await this.run(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.resolve(results?.[index] as TResult));
    } catch (error) {
      if (batch.length > 1 && !isTransientFailure(error)) {
        for (const entry of batch) await this.settle([entry]);
      } else {
        for (const entry of batch) entry.reject(error);
      }
    }
  }
}
