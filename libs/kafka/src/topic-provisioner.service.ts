import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BaseConfig } from '@herald/config';
import { appendTimeTopics, compactedTopics, deadLetterTopic, Topic, Topics, WEBHOOK_DEAD_LETTER_TOPIC } from '@herald/contracts';
import { Kafka } from 'kafkajs';
import { MAX_EVENT_BYTES } from './event-publisher.service';
import { kafkaClientConfig } from './kafka.options';
import { SERVICE_NAME } from './service-name';

/**
 * Creates Herald's topics (and their dead-letter topics) when they are missing. Every service runs it at start,
 * so any one of them can be started alone against an empty broker; creating an existing topic is a no-op.
 */
@Injectable()
export class TopicProvisioner implements OnModuleInit {
  private readonly logger = new Logger(TopicProvisioner.name);

  constructor(
    private readonly config: BaseConfig,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** Runs before the Kafka transport subscribes, which fails on a topic that does not exist. */
  async onModuleInit(): Promise<void> {
    await this.ensureTopics();
  }

  async ensureTopics(): Promise<void> {
    const admin = new Kafka(kafkaClientConfig(this.config, `herald-${this.service}-admin`)).admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      // The topic's own limit, so that a broker whose default is smaller still takes Herald's largest events.
      const maxBytes = { name: 'max.message.bytes', value: String(MAX_EVENT_BYTES) };
      const wanted = [
        ...Object.values(Topics).flatMap((topic: Topic) => [
          {
            topic,
            configEntries: [
              maxBytes,
              ...(compactedTopics.includes(topic) ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
              ...(appendTimeTopics.includes(topic) ? [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] : []),
            ],
          },
          { topic: deadLetterTopic(topic), configEntries: [maxBytes] },
        ]),
        { topic: WEBHOOK_DEAD_LETTER_TOPIC, configEntries: [maxBytes] },
      ];
      const missing = wanted.filter(({ topic }) => !existing.has(topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(({ topic, configEntries }) => ({
          topic,
          numPartitions: this.config.KAFKA_TOPIC_PARTITIONS,
          configEntries,
        })),
      });
      this.logger.log(`created topics: ${missing.map(({ topic }) => topic).join(', ')}`);
    } catch (error) {
      // Two services starting together race to create the same topics; the loser finds them there.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    } finally {
      await admin.disconnect();
    }
  }
}
