import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Batcher, queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';

interface SlotRequest {
  channelUuid: string;
  messagesPerSecond: number;
}

/**
 * A channel's throughput limit, held across every dispatcher replica: each send reserves the channel's next free
 * slot in `send_slots` (slots 1/rate apart, a generic cell rate algorithm kept in one row per channel) and waits
 * for it. The database's clock decides, so replicas with skewed clocks still agree. A claim reserves its batch's
 * slots in its own statement (`reserveSlots`); this service reserves again for a send that reached its slot late, and
 * pauses a channel WhatsApp throttled.
 */
@Injectable()
export class RateLimiterService {
  private readonly reservations = new Batcher<SlotRequest, number>((requests) => this.reserveTogether(requests));
  private readonly pauses = new Batcher<{ channelUuid: string; ms: number }>((pauses) => this.pauseTogether(pauses));

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reserves the channel's next slot; resolves with how long to wait for it, in ms. */
  reserve(channelUuid: string, messagesPerSecond: number): Promise<number> {
    return this.reservations.submit({ channelUuid, messagesPerSecond });
  }

  /** WhatsApp said the channel is over its limit: no replica sends on it for a while. */
  pause(channelUuid: string, ms: number): Promise<void> {
    return this.pauses.submit({ channelUuid, ms });
  }

  private async reserveTogether(requests: SlotRequest[]): Promise<number[]> {
    const waits: number[] = [];
    await Promise.all(
      [...indexesByChannel(requests)].map(async ([channelUuid, indexes]) => {
        const spacingUs = Math.ceil(1_000_000 / requests[indexes[0]].messagesPerSecond);
        const firstWaitMs = await this.reserveSlots(channelUuid, spacingUs, indexes.length);
        indexes.forEach((index, position) => (waits[index] = Math.max(0, Math.ceil(firstWaitMs + (position * spacingUs) / 1_000))));
      }),
    );
    return waits;
  }

  /** Takes `count` consecutive slots of the channel; answers the wait for the first, in ms (negative: it is due). */
  private async reserveSlots(channelUuid: string, spacingUs: number, count: number): Promise<number> {
    const rows = await queryRows<{ wait_ms: string }>(
      this.dataSource,
      `WITH wanted AS (SELECT $1::uuid AS channel_uuid, $2::bigint AS spacing_us, $3::int AS count),
       slots AS (${reserveSlots('wanted')})
       SELECT extract(epoch FROM (${firstSlot('slots', 'wanted')} - clock_timestamp())) * 1000 AS wait_ms FROM slots JOIN wanted USING (channel_uuid)`,
      [channelUuid, spacingUs, count],
    );
    return Number(rows[0].wait_ms);
  }

  private async pauseTogether(pauses: Array<{ channelUuid: string; ms: number }>): Promise<void> {
    await Promise.all(
      [...indexesByChannel(pauses)].map(([channelUuid, indexes]) =>
        queryRows(
          this.dataSource,
          `INSERT INTO send_slots AS s (channel_uuid, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
           ON CONFLICT (channel_uuid) DO UPDATE SET next_at = greatest(s.next_at, clock_timestamp() + $2 * interval '1 millisecond')`,
          [channelUuid, Math.max(...indexes.map((index) => pauses[index].ms))],
        ),
      ),
    );
  }
}

/** Each channel's items, by their place in the batch, in order. */
function indexesByChannel(items: Array<{ channelUuid: string }>): Map<string, number[]> {
  const byChannel = new Map<string, number[]>();
  items.forEach(({ channelUuid }, index) => {
    const indexes = byChannel.get(channelUuid);
    if (indexes) indexes.push(index);
    else byChannel.set(channelUuid, [index]);
  });
  return byChannel;
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
