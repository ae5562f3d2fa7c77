import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { WebhookDeliveriesRepository } from '@herald/webhooks';
import { NotifierConfig } from '../config/notifier.config';

/** Rows per statement: a sweep never holds many locks at once, nor for long. */
const CHUNK = 5_000;

/**
 * Keeps the delivery log WEBHOOK_LOG_RETENTION_DAYS: every hour, deletes the deliveries older than that which are
 * done (delivered or failed). Every replica sweeps; a row two of them reach at once is deleted once.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);
  private sweeping?: Promise<void>;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly config: NotifierConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'webhook-log-retention' })
  tick(): Promise<void> {
    this.sweeping ??= this.sweepLogged().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** Deletes the log past its retention, a chunk at a time; answers how many deliveries. */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const count = await this.deliveries.deleteOlderThan(this.config.WEBHOOK_LOG_RETENTION_DAYS, CHUNK);
      deleted += count;
      if (count < CHUNK) return deleted;
    }
  }

  private async sweepLogged(): Promise<void> {
    try {
      const deleted = await this.sweep();
      if (deleted > 0) this.logger.log(`let go of ${deleted} deliveries older than ${this.config.WEBHOOK_LOG_RETENTION_DAYS} days`);
    } catch (error) {
      this.logger.warn(`delivery log retention failed, tried again in an hour: ${(error as Error).message}`);
    }
  }
}
