import type { EachBatchPayload, KafkaMessage } from 'kafkajs';

/**
 * What a Herald event handler receives from the Kafka transport: the events one fetch brought for one partition
 * of one topic, in offset order, and the means to say how far they are done. Handlers get it with `@Ctx()`.
 */
export class KafkaBatch {
  constructor(private readonly payload: EachBatchPayload) {}

  get topic(): string {
    return this.payload.batch.topic;
  }

  get partition(): number {
    return this.payload.batch.partition;
  }

  get messages(): KafkaMessage[] {
    return this.payload.batch.messages;
  }

  /** Everything up to and including `offset` is done: the consumer may commit past it. */
  resolveOffset(offset: string): void {
    this.payload.resolveOffset(offset);
  }

  /** Keeps the consumer's place in its group during long work. */
  heartbeat(): Promise<void> {
    return this.payload.heartbeat();
  }

  /**
   * False once the consumer is stopping or the partition was taken away (a rebalance, a seek): work on the batch
   * should end without resolving more, as another consumer (or this one, restarted) will be given it again.
   */
  get active(): boolean {
    return this.payload.isRunning() && !this.payload.isStale();
  }
}
