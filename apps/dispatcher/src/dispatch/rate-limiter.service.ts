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
 * for it. The database's clock decides, so replicas with skewed clocks still agree. The reservations asked for
 * together (a claimed batch's sends) take consecutive slots of their channel in one statement.
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
      `INSERT INTO send_slots AS s (channel_uuid, next_at) VALUES ($1, clock_timestamp() + $2::bigint * $3 * interval '1 microsecond')
       ON CONFLICT (channel_uuid) DO UPDATE SET next_at = greatest(s.next_at, clock_timestamp()) + $2::bigint * $3 * interval '1 microsecond'
       RETURNING extract(epoch FROM (s.next_at - $2::bigint * $3 * interval '1 microsecond' - clock_timestamp())) * 1000 AS wait_ms`,
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
