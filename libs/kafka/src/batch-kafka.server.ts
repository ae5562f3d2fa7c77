import { ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { KafkaBatch } from './kafka-batch';

/**
 * Nest's Kafka transport, handing each handler a whole batch (the events one fetch brought for one partition)
 * instead of one event at a time: a handler can then write a batch in one statement and publish it in one request,
 * which under load divides the round trips to the database and the broker by the batch size. Handlers are still
 * declared with `@EventPattern(topic)`, one per topic, and get the batch with `@Ctx()`. Offsets are resolved by the
 * handler (EventProcessor) as its work becomes durable, never before.
 */
export class BatchKafkaServer extends ServerKafka {
  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...this.options.subscribe, topics });
    await consumer.run({
      ...this.options.run,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const handler = this.getHandlerByPattern(payload.batch.topic);
    if (!handler) {
      // Subscriptions come from the handlers, so this is a bug; not resolving keeps the events for a fixed version.
      this.logger.error(`no handler for topic ${payload.batch.topic}`);
      return;
    }
    const result = await handler(payload.batch.messages, new KafkaBatch(payload));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}
