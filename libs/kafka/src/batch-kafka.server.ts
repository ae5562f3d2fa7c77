import { ServerKafka } from '@nestjs/microservices';
import type { IBackoff } from 'cockatiel';
import type { Consumer, ConsumerRunConfig, EachBatchPayload } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { KafkaBatch } from './kafka-batch';
import { retryBackoff } from './transient-failure';

/** How often the offsets of finished work are committed, at most and (while there is any) at least. */
const COMMIT_INTERVAL_MS = 1_000;

/** The waits before running again a consumer kafkajs left stopped, growing while the tries do not get it back in its group. */
const restartBackoff = retryBackoff(1_000, 30_000);

/**
 * Nest's Kafka transport, handing each handler a whole batch (the events one fetch brought for one partition)
 * instead of one event at a time: a handler can then write a batch in one statement and publish it in one request,
 * which under load divides the round trips to the database and the broker by the batch size. Handlers are still
 * declared with `@EventPattern(topic)`, one per topic, and get the batch with `@Ctx()`. Offsets are resolved by the
 * handler (EventProcessor) as its work becomes durable, never before.
 *
 * Resolved offsets are committed once a second rather than after every batch, as kafkajs' auto-commit does: with a
 * batch per partition per fetch, that would be a commit request per partition every few milliseconds. A crash or a
 * rebalance replays at most the last second's events, and every consumer is idempotent. Stopping commits what
 * is resolved before the consumer leaves its group.
 */
export class BatchKafkaServer extends ServerKafka {
  /** The newest batch's handle on the consumer group, through which resolved offsets are committed. */
  private lastBatch?: EachBatchPayload;
  private commitTimer?: NodeJS.Timeout;
  /**
   * Each topic's handler, looked up once: Nest's lookup first tries the topic as JSON, and the exception it throws
   * for every plain topic name would be paid for every batch.
   */
  private readonly handlers = new Map<string, ReturnType<ServerKafka['getHandlerByPattern']>>();
  private closing = false;
  private restartTimer?: NodeJS.Timeout;
  /** The wait before the next restart, reset when the consumer joins its group. */
  private restartWait?: IBackoff<unknown>;

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...this.options.subscribe, topics });
    const run: ConsumerRunConfig = {
      ...this.options.run,
      autoCommit: false,
      autoCommitInterval: COMMIT_INTERVAL_MS,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.restartWait = undefined;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.runAgainLater(consumer, run);
    });
    await consumer.run(run);
    // What the last batches resolved is committed even when no batch follows them.
    this.commitTimer = setInterval(() => void this.commit(false), COMMIT_INTERVAL_MS);
    this.commitTimer.unref();
  }

  override async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.commitTimer);
    await this.commit(true);
    // Batches still under way commit their own offsets when they end (see handleBatch), before the group is left.
    await super.close();
  }

  /**
   * kafkajs runs a crashed consumer again only after an error it counts as retriable, and leaves it stopped after
   * any other. Some of those are a broker's restart all the same: when every broker refused the connection at the
   * moment the consumer looked for its group's coordinator, it crashes with "Failed to find group coordinator" and
   * stays stopped (tulios/kafkajs#1630, open), while the process lives on, consuming nothing. So the consumer is run
   * again, the wait doubling while it does not get back into its group, until it does or the server closes.
   * Meanwhile readiness reports the crash.
   */
  private runAgainLater(consumer: Consumer, run: ConsumerRunConfig): void {
    if (this.closing) return;
    this.restartWait = this.restartWait ? this.restartWait.next(undefined) : restartBackoff.next();
    const delay = Math.round(this.restartWait.duration);
    this.logger.warn(`the Kafka consumer crashed and kafkajs will not run it again; running it again in ${delay} ms`);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (this.closing) return;
      consumer
        .connect()
        .then(() => consumer.run(run))
        .catch((error: unknown) => {
          this.logger.warn(`running the Kafka consumer again failed: ${error instanceof Error ? error.message : String(error)}`);
          this.runAgainLater(consumer, run);
        });
    }, delay);
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    this.lastBatch = payload;
    const { topic } = payload.batch;
    let handler = this.handlers.get(topic);
    if (handler === undefined) this.handlers.set(topic, (handler = this.getHandlerByPattern(topic)));
    if (!handler) {
      // Subscriptions come from the handlers, so this is a bug; not resolving keeps the events for a fixed version.
      this.logger.error(`no handler for topic ${topic}`);
      return;
    }
    const result = await handler(payload.batch.messages, new KafkaBatch(payload));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    await this.commit(!payload.isRunning());
  }

  /** Commits the resolved offsets: now, or only when the commit interval has passed. */
  private async commit(now: boolean): Promise<void> {
    const batch = this.lastBatch;
    if (!batch) return;
    try {
      await (now ? batch.commitOffsetsIfNecessary(batch.uncommittedOffsets()) : batch.commitOffsetsIfNecessary());
    } catch (error) {
      // A rebalance or a broker away: the next commit, or the next owner of the partition, carries on from here.
      this.logger.warn(`offsets not committed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
