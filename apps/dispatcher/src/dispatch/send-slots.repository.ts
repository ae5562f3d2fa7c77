import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';

/**
 * `send_slots`: one row per channel holding its next free slot, slots 1/rate apart (a generic cell rate algorithm),
 * shared by every dispatcher replica. The database's clock decides, so replicas with skewed clocks still agree.
 */
@Injectable()
export class SendSlotsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes `count` consecutive slots `spacingUs` apart of the channel; answers the wait for the first, in ms
   * (negative: it is due).
   */
  async reserve(channelUuid: string, spacingUs: number, count: number): Promise<number> {
    const rows = await queryRows<{ wait_ms: string }>(
      this.dataSource,
      `WITH wanted AS (SELECT $1::uuid AS channel_uuid, $2::bigint AS spacing_us, $3::int AS count),
       slots AS (${reserveSlots('wanted')})
       SELECT extract(epoch FROM (${firstSlot('slots', 'wanted')} - clock_timestamp())) * 1000 AS wait_ms FROM slots JOIN wanted USING (channel_uuid)`,
      [channelUuid, spacingUs, count],
    );
    return Number(rows[0].wait_ms);
  }

  /** No slot of the channel comes sooner than `ms` from now, on every replica. */
  async pause(channelUuid: string, ms: number): Promise<void> {
    await queryRows(
      this.dataSource,
      `INSERT INTO send_slots AS s (channel_uuid, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (channel_uuid) DO UPDATE SET next_at = greatest(s.next_at, clock_timestamp() + $2 * interval '1 millisecond')`,
      [channelUuid, ms],
    );
  }
}

/**
 * Moves each channel's next free slot on by `count` slots `spacing_us` apart, for the channels of `wanted` (a relation
 * of channel_uuid, spacing_us, count), and answers each channel's new `next_at`: the slots taken are the `count`
 * before it (`firstSlot`). Channels are locked in uuid order, so two claims taking slots of the same channels never
 * wait for each other in a cycle. A channel with no row yet has its first slot at the statement's start.
 */
export const reserveSlots = (wanted: string) => `
  INSERT INTO send_slots AS s (channel_uuid, next_at)
  SELECT channel_uuid, statement_timestamp() + spacing_us * count * interval '1 microsecond' FROM ${wanted} ORDER BY channel_uuid
  ON CONFLICT (channel_uuid) DO UPDATE SET next_at = greatest(s.next_at, clock_timestamp()) + (excluded.next_at - statement_timestamp())
  RETURNING s.channel_uuid, s.next_at`;

/** The first slot `reserveSlots` took for a channel, from its row of `slots` and of `wanted`. */
export const firstSlot = (slots: string, wanted: string) =>
  `${slots}.next_at - ${wanted}.count * ${wanted}.spacing_us * interval '1 microsecond'`;
