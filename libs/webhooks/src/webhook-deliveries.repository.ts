import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WebhookAttemptView, WebhookDeliveryStatus, WebhookPayload } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { DataSource, In, Repository } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WEBHOOKS_SCHEMA } from './webhooks-schema';

/** How long a delivery is retried after it is queued (or replayed) before it fails for good. */
export const DELIVERY_RETRY_HOURS = 24;

const deliveries = `${WEBHOOKS_SCHEMA}.deliveries`;

/** What an erased contact's deliveries lose: their number, and whatever the messages said. */
const ERASED_FIELDS = ['to', 'from', 'phone', 'text', 'media', 'location', 'reply', 'context', 'reaction', 'contacts', 'referral', 'profileName', 'metadata'];

const ENQUEUE = `
  INSERT INTO ${deliveries} (endpoint_uuid, team_uuid, event_id, event_type, message_uuid, payload, status, next_attempt_at, retry_until)
  SELECT endpoint_uuid, team_uuid, event_id, event_type, message_uuid, payload, 'pending', now(), now() + make_interval(hours => $7)
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bpchar[], $6::jsonb[]) WITH ORDINALITY
    AS given (endpoint_uuid, team_uuid, event_id, event_type, message_uuid, payload, position)
  ORDER BY position
  ON CONFLICT (endpoint_uuid, event_id) DO NOTHING
  RETURNING id`;

/**
 * Claims due deliveries, oldest first (the caller holds CLAIM_TURN: claims are made one at a time, so the cap per
 * endpoint holds across replicas). A delivery waits while an earlier one of the same message to the same endpoint is open, so a
 * message's events reach an endpoint in the order they were queued; an endpoint takes at most $2 at once, counting
 * those whose lease still runs.
 */
const CLAIM = `
  WITH due AS (
    SELECT d.id, d.endpoint_uuid
    FROM ${deliveries} d
    WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.leased_until IS NULL OR d.leased_until < now())
      AND (d.message_uuid IS NULL OR NOT EXISTS (
        SELECT 1 FROM ${deliveries} e
        WHERE e.endpoint_uuid = d.endpoint_uuid AND e.message_uuid = d.message_uuid AND e.status = 'pending' AND e.id < d.id))
    ORDER BY d.id
    LIMIT $1 * 4
  ),
  busy AS (
    SELECT endpoint_uuid, count(*)::int AS leased FROM ${deliveries}
    WHERE status = 'pending' AND leased_until IS NOT NULL AND leased_until >= now() AND endpoint_uuid IN (SELECT endpoint_uuid FROM due)
    GROUP BY endpoint_uuid
  ),
  ranked AS (
    SELECT due.id, row_number() OVER (PARTITION BY due.endpoint_uuid ORDER BY due.id) + coalesce(busy.leased, 0) AS slot
    FROM due LEFT JOIN busy USING (endpoint_uuid)
  ),
  chosen AS (SELECT id FROM ranked WHERE slot <= $2 ORDER BY id LIMIT $1)
  UPDATE ${deliveries} d SET leased_until = now() + make_interval(secs => $3::double precision / 1000)
  FROM chosen WHERE d.id = chosen.id
  RETURNING d.id`;

/** One claimer at a time, for as long as its transaction. */
const CLAIM_TURN = `SELECT pg_advisory_xact_lock(hashtext('${WEBHOOKS_SCHEMA}.deliveries.claim'))`;

const SETTLE = `
  UPDATE ${deliveries}
  SET status = $2, attempts = attempts || $3::jsonb, next_attempt_at = $4, leased_until = NULL,
      delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
  WHERE id = $1`;

const REPLAY = `
  UPDATE ${deliveries}
  SET status = 'pending', next_attempt_at = now(), retry_until = now() + make_interval(hours => $3), leased_until = NULL, delivered_at = NULL
  WHERE team_uuid = $1 AND id = $2
  RETURNING id`;

const REPLAY_SINCE = `
  UPDATE ${deliveries}
  SET status = 'pending', next_attempt_at = now(), retry_until = now() + make_interval(hours => $4), leased_until = NULL, delivered_at = NULL
  WHERE team_uuid = $1 AND endpoint_uuid = $2 AND created_at >= $3 AND status <> 'pending'
  RETURNING id`;

/** An event to deliver to one endpoint. */
export interface NewWebhookDelivery {
  endpointUuid: string;
  teamUuid: string;
  messageUuid: string | null;
  payload: WebhookPayload;
}

/** Which deliveries of a team to list, newest first. */
export interface DeliveryFilter {
  endpointUuid?: string;
  status?: WebhookDeliveryStatus;
  event?: string;
  /** Only deliveries older than this id (the previous page's last). */
  before?: string;
  limit: number;
}

/** How an attempt ended, for the log. */
export type AttemptOutcome =
  | { kind: 'delivered'; attempt: WebhookAttemptView }
  | { kind: 'retry'; attempt: WebhookAttemptView; nextAttemptAt: Date }
  | { kind: 'failed'; attempt: WebhookAttemptView };

/**
 * The deliveries: a queue in PostgreSQL the notifier's workers claim from, and the log the API shows. A delivery is
 * claimed only when it is due, no earlier delivery of the same message to the same endpoint is still open (so one
 * endpoint gets one message's events in order), and its endpoint has fewer than the cap under way.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  private readonly rows: Repository<WebhookDelivery>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(WebhookDelivery);
  }

  /** Queues deliveries; one already queued for the same endpoint and event id is left as it is. Answers how many were new. */
  async enqueue(deliveries: NewWebhookDelivery[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const inserted = await queryRows(this.dataSource, ENQUEUE, [
      deliveries.map((delivery) => delivery.endpointUuid),
      deliveries.map((delivery) => delivery.teamUuid),
      deliveries.map((delivery) => delivery.payload.id),
      deliveries.map((delivery) => delivery.payload.type),
      deliveries.map((delivery) => delivery.messageUuid),
      deliveries.map((delivery) => JSON.stringify(delivery.payload)),
      DELIVERY_RETRY_HOURS,
    ]);
    return inserted.length;
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs` (another worker takes over a lease that ran out: its worker
   * died), at most `perEndpoint` under way per endpoint at once, each message's oldest open one per endpoint first.
   */
  async claim(limit: number, perEndpoint: number, leaseMs: number): Promise<WebhookDelivery[]> {
    const ids = await this.dataSource.transaction(async (manager) => {
      await manager.query(CLAIM_TURN);
      return ((await manager.query(CLAIM, [limit, perEndpoint, leaseMs])) as [Array<{ id: string }>, number])[0].map((row) => row.id);
    });
    if (ids.length === 0) return [];
    return this.rows.find({ where: { id: In(ids) }, order: { id: 'ASC' } });
  }

  /** Records an attempt's outcome and lets go of the lease. */
  async settle(id: string, outcome: AttemptOutcome): Promise<void> {
    const next = outcome.kind === 'retry' ? outcome.nextAttemptAt : null;
    const status = outcome.kind === 'retry' ? 'pending' : outcome.kind;
    await queryRows(this.dataSource, SETTLE, [id, status, JSON.stringify([outcome.attempt]), next]);
  }

  /** Fails every open delivery of an endpoint Herald disabled. */
  async failOpen(endpointUuid: string, attempt: WebhookAttemptView): Promise<number> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE ${deliveries} SET status = 'failed', attempts = attempts || $2::jsonb, next_attempt_at = NULL, leased_until = NULL
       WHERE endpoint_uuid = $1 AND status = 'pending' RETURNING id`,
      [endpointUuid, JSON.stringify([attempt])],
    );
    return rows.length;
  }

  async list(teamUuid: string, filter: DeliveryFilter): Promise<WebhookDelivery[]> {
    const builder = this.rows
      .createQueryBuilder('delivery')
      .where('delivery.team_uuid = :team', { team: teamUuid })
      .orderBy('delivery.id', 'DESC')
      .take(filter.limit);
    if (filter.endpointUuid) builder.andWhere('delivery.endpoint_uuid = :endpoint', { endpoint: filter.endpointUuid });
    if (filter.status) builder.andWhere('delivery.status = :status', { status: filter.status });
    if (filter.event) builder.andWhere('delivery.event_type = :event', { event: filter.event });
    if (filter.before) builder.andWhere('delivery.id < :before', { before: filter.before });
    return builder.getMany();
  }

  async find(teamUuid: string, id: string): Promise<WebhookDelivery | null> {
    return /^\d{1,18}$/.test(id) ? this.rows.findOneBy({ teamUuid, id }) : null;
  }

  /** Queues a delivery again, due now, with its event id; answers it, or null when the team has none with that id. */
  async replay(teamUuid: string, id: string): Promise<WebhookDelivery | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const rows = await queryRows(this.dataSource, REPLAY, [teamUuid, id, DELIVERY_RETRY_HOURS]);
    return rows.length > 0 ? this.rows.findOneByOrFail({ id }) : null;
  }

  /** Queues again every delivery of an endpoint made since `since`; answers how many. */
  async replaySince(teamUuid: string, endpointUuid: string, since: Date): Promise<number> {
    return (await queryRows(this.dataSource, REPLAY_SINCE, [teamUuid, endpointUuid, since, DELIVERY_RETRY_HOURS])).length;
  }

  /**
   * A right-to-erasure request: the team's deliveries about the contact (by its uuid, or its number as recipient,
   * sender or subject) keep their ids, types and outcomes but lose the number and every word of the messages. A
   * delivery still open goes out so blanked. Answers how many were blanked.
   */
  async eraseContact(teamUuid: string, contactUuid: string, phone: string): Promise<number> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE ${deliveries}
       SET payload = jsonb_set(payload, '{data}', ((payload->'data') - $4::text[]) || '{"erased": true}'::jsonb)
       WHERE team_uuid = $1
         AND (payload->'data'->>'contactUuid' = $2 OR payload->'data'->>'to' = $3 OR payload->'data'->>'from' = $3 OR payload->'data'->>'phone' = $3)
       RETURNING 1`,
      [teamUuid, contactUuid, phone, ERASED_FIELDS],
    );
    return rows.length;
  }

  /** Deletes up to `limit` deliveries older than `days` that are not open; answers how many. */
  async deleteOlderThan(days: number, limit: number): Promise<number> {
    const rows = await queryRows(
      this.dataSource,
      `DELETE FROM ${deliveries} WHERE id IN (
         SELECT id FROM ${deliveries} WHERE status <> 'pending' AND created_at < now() - make_interval(days => $1) LIMIT $2
       ) RETURNING 1`,
      [days, limit],
    );
    return rows.length;
  }
}
