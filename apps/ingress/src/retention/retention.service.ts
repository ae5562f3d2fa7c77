import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DELETE_WITHDRAWN_ROWS } from '@herald/ledger';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import { IngressConfig } from '../config/ingress.config';
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

const DELETE_EXPIRED_KEYS = `
  DELETE FROM idempotency_keys k
  USING (SELECT team_uuid, key FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) LIMIT $2) expired
  WHERE k.team_uuid = expired.team_uuid AND k.key = expired.key
  RETURNING 1`;

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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    return { keys: await this.deleteAll(DELETE_EXPIRED_KEYS), withdrawn: await this.deleteAll(DELETE_WITHDRAWN_ROWS) };
  }

  private async sweepLogged(): Promise<void> {
    try {
      const { keys, withdrawn } = await this.sweep();
      if (keys + withdrawn > 0) this.logger.log(`let go of ${keys} expired idempotency keys and ${withdrawn} withdrawn messages`);
    } catch (error) {
      this.logger.warn(`retention sweep failed, tried again in ${this.config.RETENTION_SWEEP_INTERVAL_MS} ms: ${(error as Error).message}`);
    }
  }

  private async deleteAll(statement: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const rows = await queryRows(this.dataSource, statement, [RETAINED_HOURS, CHUNK]);
      deleted += rows.length;
      if (rows.length < CHUNK) return deleted;
    }
  }
}
