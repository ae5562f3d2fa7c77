import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { BaseConfig } from '@herald/config';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka.options';
import { SERVICE_NAME } from './service-name';

/** Per partition: the offset the next published event gets, and the next one the group will process. */
export interface TopicPositions {
  ends: Map<number, number>;
  committed: Map<number, number>;
}

/** Where this service's consumer group stands on a topic: events published but not yet processed. */
@Injectable()
export class ConsumerLag implements OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    private readonly config: BaseConfig,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** Throws when the broker cannot tell. */
  async positions(topic: string): Promise<TopicPositions> {
    this.admin ??= new Kafka({ ...kafkaClientConfig(this.config, `herald-${this.service}-lag`), logLevel: logLevel.NOTHING }).admin();
    const admin = this.admin;
    try {
      await admin.connect();
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: `herald-${this.service}`, topics: [topic] }),
      ]);
      return {
        ends: new Map(ends.map((end) => [end.partition, Number(end.high)])),
        // -1: nothing committed yet, the group starts from the beginning.
        committed: new Map(committed.partitions.map((partition) => [partition.partition, Math.max(0, Number(partition.offset))])),
      };
    } catch (error) {
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
