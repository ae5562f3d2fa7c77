import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { BaseConfig } from '@herald/config';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { ConsumerStatus } from './consumer-status';
import { kafkaClientConfig } from './kafka.options';

/** Ready means a client can fetch cluster metadata now, not that a port is open. */
@Injectable()
export class KafkaHealthIndicator implements OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    private readonly config: BaseConfig,
    private readonly health: HealthIndicatorService,
    private readonly consumer: ConsumerStatus,
  ) {}

  async isHealthy(key = 'kafka', timeoutMs = 2_000) {
    const indicator = this.health.check(key);
    if (this.consumer.crashed) {
      return indicator.down({ message: 'the Kafka consumer crashed and did not restart', consumer: this.consumer.state });
    }
    try {
      this.admin ??= new Kafka({
        ...kafkaClientConfig(this.config, 'herald-health'),
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
      const admin = this.admin;
      const cluster = await withTimeout(
        admin.connect().then(() => admin.describeCluster()),
        timeoutMs,
      );
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      await this.reset();
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reset();
  }

  private async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the broker within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
