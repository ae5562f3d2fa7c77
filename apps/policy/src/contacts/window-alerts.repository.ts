import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';

/** An alert: the window of a contact on a channel, and when to tell of its closing. */
export interface WindowAlertTimes {
  channelUuid: string;
  phone: string;
  lastInboundAt: Date;
  closesAt: Date;
  dueAt: Date;
}

/** What a claim came to: the alerts published, and those passed over because their window had closed already. */
export interface ClaimOutcome {
  published: number;
  passedOver: number;
}

/** The `contact.window_closing` alerts (`window_alerts`): one per contact and channel, for its latest window. */
@Injectable()
export class WindowAlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Moves each contact's alert to the window given, if that window closes later than the one it has (a new message),
   * to be published afresh; an earlier or the same window (a message delivered again, or out of order) changes
   * nothing, so an alert published stays published.
   */
  async schedule(alerts: WindowAlertTimes[]): Promise<void> {
    if (alerts.length === 0) return;
    // In key order, so two statements about the same contacts lock their rows in the same order.
    const sorted = [...alerts].sort((a, b) => (a.channelUuid + a.phone < b.channelUuid + b.phone ? -1 : 1));
    await queryRows(
      this.dataSource,
      `INSERT INTO window_alerts (channel_uuid, phone, last_inbound_at, closes_at, due_at)
       SELECT DISTINCT ON (channel_uuid, phone) channel_uuid, phone, last_inbound_at, closes_at, due_at
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[])
           AS alert(channel_uuid, phone, last_inbound_at, closes_at, due_at)
         ORDER BY channel_uuid, phone, closes_at DESC
       ON CONFLICT (channel_uuid, phone) DO UPDATE
         SET last_inbound_at = EXCLUDED.last_inbound_at, closes_at = EXCLUDED.closes_at, due_at = EXCLUDED.due_at, published_at = NULL
         WHERE window_alerts.closes_at < EXCLUDED.closes_at`,
      [
        sorted.map((alert) => alert.channelUuid),
        sorted.map((alert) => alert.phone),
        sorted.map((alert) => alert.lastInboundAt),
        sorted.map((alert) => alert.closesAt),
        sorted.map((alert) => alert.dueAt),
      ],
    );
  }

  /**
   * Claims up to `limit` alerts due at `now` (rows another replica holds are skipped, so each goes to one claimer),
   * hands those whose window is still open to `publish`, and marks them all published in the same transaction once
   * `publish` resolves. Alerts whose window closed by `now` (a consumer catching up on old messages) are marked
   * without being published. Should `publish` fail, nothing is marked: they are claimed again at the next poll. A
   * crash after `publish` and before the commit publishes them again; the events are the same both times.
   */
  claim(now: Date, limit: number, publish: (alerts: WindowAlertTimes[]) => Promise<void>): Promise<ClaimOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ channel_uuid: string; phone: string; last_inbound_at: Date; closes_at: Date; due_at: Date }> = await manager.query(
        `SELECT channel_uuid, phone, last_inbound_at, closes_at, due_at FROM window_alerts
          WHERE published_at IS NULL AND due_at <= $1
          ORDER BY due_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [now, limit],
      );
      if (rows.length === 0) return { published: 0, passedOver: 0 };
      const alerts = rows.map((row) => ({
        channelUuid: row.channel_uuid,
        phone: row.phone,
        lastInboundAt: row.last_inbound_at,
        closesAt: row.closes_at,
        dueAt: row.due_at,
      }));
      const open = alerts.filter((alert) => alert.closesAt.getTime() > now.getTime());
      if (open.length > 0) await publish(open);
      await manager.query(
        `UPDATE window_alerts SET published_at = $3
          FROM unnest($1::uuid[], $2::text[]) AS claimed(channel_uuid, phone)
         WHERE window_alerts.channel_uuid = claimed.channel_uuid AND window_alerts.phone = claimed.phone`,
        [alerts.map((alert) => alert.channelUuid), alerts.map((alert) => alert.phone), now],
      );
      return { published: open.length, passedOver: alerts.length - open.length };
    });
  }
}
