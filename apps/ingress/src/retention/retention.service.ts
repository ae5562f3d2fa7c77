import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MessageLedgerRepository } from '@herald/ledger';
import { IngressConfig } from '../config/ingress.config';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository';
import { IDEMPOTENCY_WINDOW_HOURS } from '../idempotency/idempotency.service';

/**
 * An hour past the idempotency window: a request that found its key still valid (IdempotencyService.claim) is long
 * done with the key and with its message's row before the sweep lets go of either.
 */
export const RETAINED_HOURS = IDEMPOTENCY_WINDOW_HOURS + 1;

/** The sweep's name in the SchedulerRegistry. */
const RETENTION_SWEEP = 'retention-sweep';

/** Rows per statement: a sweep never holds many locks at once, nor for long. */
const CHUNK = 5_000;

/**
 * Lets go of what only the idempotency window needed, every RETENTION_SWEEP_INTERVAL_MS: expired Idempotency-Keys
 * (a request with one claims it afresh anyway), and the withdrawn rows of messages refused after their accept's
 * connection broke (AcceptBatcher.acceptedAfterAll: never sent, hidden from the API). Without it both tables keep every such row forever. Every replica
 * sweeps; a row two of them reach at once is deleted once.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private sweeping?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    private readonly ledger: MessageLedgerRepository,
    private readonly config: IngressConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  /** The first sweep comes an interval after start; a tick while a sweep is still under way is skipped. */
  onApplicationBootstrap(): void {
    const interval = setInterval(() => {
      if (!this.stopped) this.sweeping ??= this.sweepLogged().finally(() => (this.sweeping = undefined));
    }, this.config.RETENTION_SWEEP_INTERVAL_MS);
    interval.unref();
    this.scheduler.addInterval(RETENTION_SWEEP, interval);
  }

  /** Before the database connections close: a sweep under way finishes rather than failing half-way. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', RETENTION_SWEEP)) this.scheduler.deleteInterval(RETENTION_SWEEP);
    await this.sweeping;
  }

  /** Deletes what is past its retention, a chunk at a time; answers how many of each it deleted. */
  async sweep(): Promise<{ keys: number; withdrawn: number }> {
    return {
      keys: await this.deleteAll((limit) => this.keys.deleteExpired(RETAINED_HOURS, limit)),
      withdrawn: await this.deleteAll((limit) => this.ledger.deleteWithdrawn(RETAINED_HOURS, limit)),
    };
  }

  private async sweepLogged(): Promise<void> {
    try {
      const { keys, withdrawn } = await this.sweep();
      if (keys + withdrawn > 0) this.logger.log(`let go of ${keys} expired idempotency keys and ${withdrawn} withdrawn messages`);
    } catch (error) {
      this.logger.warn(`retention sweep failed, tried again in ${this.config.RETENTION_SWEEP_INTERVAL_MS} ms: ${(error as Error).message}`);
    }
  }

  private async deleteAll(chunk: (limit: number) => Promise<number>): Promise<number> {
    let deleted = 0;
    for (;;) {
      const count = await chunk(CHUNK);
      deleted += count;
      if (count < CHUNK) return deleted;
    }
  }
}
