import { HealthIndicatorService } from '@nestjs/terminus';
import { BaseConfig } from '@herald/config';
import { Subject } from 'rxjs';
import { ConsumerStatus } from './consumer-status';
import { KafkaHealthIndicator } from './kafka.health';

describe('KafkaHealthIndicator', () => {
  it('reports the service not ready once its consumer crashed for good, and ready again when it reconnects', async () => {
    const statuses = new Subject<string>();
    const consumer = new ConsumerStatus();
    consumer.track(statuses);
    // A broker address nobody listens on: only the consumer's state can make the answer.
    const config = Object.assign(new BaseConfig(), { KAFKA_BROKERS: '127.0.0.1:1' });
    const indicator = new KafkaHealthIndicator(config, new HealthIndicatorService(), consumer);

    statuses.next('crashed');
    expect(await indicator.isHealthy('kafka', 200)).toEqual({
      kafka: { status: 'down', message: 'the Kafka consumer crashed and did not restart', consumer: 'crashed' },
    });

    statuses.next('connected');
    expect(consumer.crashed).toBe(false);
    expect((await indicator.isHealthy('kafka', 200)).kafka.status).toBe('down');
    expect((await indicator.isHealthy('kafka', 200)).kafka).not.toHaveProperty('consumer');
    await indicator.onApplicationShutdown();
  });
});
