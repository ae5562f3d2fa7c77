import { Injectable } from '@nestjs/common';
import { Batcher } from '@herald/persistence';
import { SendSlotsRepository } from './send-slots.repository';

interface SlotRequest {
  channelUuid: string;
  messagesPerSecond: number;
}

/**
 * A channel's throughput limit, held across every dispatcher replica: each send reserves the channel's next free
 * slot (SendSlotsRepository) and waits for it. A claim reserves its batch's slots in its own statement
 * (`reserveSlots`); this service reserves again for a send that reached its slot late, and pauses a channel WhatsApp
 * throttled, each a statement per channel for what a turn of the event loop asked.
 */
@Injectable()
export class RateLimiterService {
  private readonly reservations = new Batcher<SlotRequest, number>((requests) => this.reserveTogether(requests));
  private readonly pauses = new Batcher<{ channelUuid: string; ms: number }>((pauses) => this.pauseTogether(pauses));

  constructor(private readonly slots: SendSlotsRepository) {}

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
        const firstWaitMs = await this.slots.reserve(channelUuid, spacingUs, indexes.length);
        indexes.forEach((index, position) => (waits[index] = Math.max(0, Math.ceil(firstWaitMs + (position * spacingUs) / 1_000))));
      }),
    );
    return waits;
  }

  private async pauseTogether(pauses: Array<{ channelUuid: string; ms: number }>): Promise<void> {
    await Promise.all(
      [...indexesByChannel(pauses)].map(([channelUuid, indexes]) =>
        this.slots.pause(channelUuid, Math.max(...indexes.map((index) => pauses[index].ms))),
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
