import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';

/**
 * A channel's throughput limit, held across every dispatcher replica: each send reserves the channel's next free
 * slot in `send_slots` (slots 1/rate apart, a generic cell rate algorithm kept in one row per channel) and waits
 * for it. The database's clock decides, so replicas with skewed clocks still agree.
 */
@Injectable()
export class RateLimiterService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reserves the channel's next slot; resolves with how long to wait for it, in ms. */
  async reserve(channelUuid: string, messagesPerSecond: number): Promise<number> {
    const spacingUs = Math.ceil(1_000_000 / messagesPerSecond);
    const rows = await queryRows<{ wait_ms: string }>(
      this.dataSource,
      `INSERT INTO send_slots AS s (channel_uuid, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 microsecond')
       ON CONFLICT (channel_uuid) DO UPDATE SET next_at = greatest(s.next_at, clock_timestamp()) + $2 * interval '1 microsecond'
       RETURNING greatest(0, extract(epoch FROM (s.next_at - $2 * interval '1 microsecond' - clock_timestamp())) * 1000) AS wait_ms`,
      [channelUuid, spacingUs],
    );
    return Math.ceil(Number(rows[0].wait_ms));
  }

  /** WhatsApp said the channel is over its limit: no replica sends on it for a while. */
  async pause(channelUuid: string, ms: number): Promise<void> {
    await queryRows(
      this.dataSource,
      `INSERT INTO send_slots AS s (channel_uuid, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (channel_uuid) DO UPDATE SET next_at = greatest(s.next_at, clock_timestamp() + $2 * interval '1 millisecond')`,
      [channelUuid, ms],
    );
  }
}
