import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactConsentData, InboundMessageData } from '@herald/contracts';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { ChannelsService } from '../channels/channels.service';
import { ConsentEvent, ConsentKind } from './consent-event.entity';
import { InboundMessage } from './inbound-message.entity';

const stopWords = new Set(['stop', 'unsubscribe', 'stopp', 'baja']);
const startWords = new Set(['start', 'subscribe']);

/** What customers wrote and what they consented to, per business number, over time. */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
  ) {}

  /** A customer wrote: the window opens from the provider's timestamp; STOP and START change consent. */
  async recordInbound(data: InboundMessageData): Promise<void> {
    const channels = await this.channels.byPhoneNumberId(data.phoneNumberId);
    if (channels.length === 0) {
      this.logger.warn(`inbound message ${data.providerMessageId} to unknown number ${data.phoneNumberId}; skipped`);
      return;
    }
    const sentAt = new Date(data.sentAt);
    const word = data.text?.trim().toLowerCase() ?? '';
    const consent: ConsentKind | null = stopWords.has(word) ? 'opt_out' : startWords.has(word) ? 'opt_back_in' : null;
    await this.dataSource.transaction(async (manager) => {
      for (const channel of channels) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(InboundMessage)
          .values({ providerMessageId: data.providerMessageId, channelUuid: channel.uuid, phone: data.from, sentAt, type: data.type })
          .orIgnore()
          .execute();
        if (consent) await this.recordConsent(manager, channel.uuid, data.from, consent, sentAt, data.providerMessageId);
      }
    });
  }

  /** The team opted the contact out (or back in) through the API: as binding as the customer's own STOP or START. */
  async recordApiConsent(data: ContactConsentData): Promise<void> {
    await this.recordConsent(
      this.dataSource.manager,
      data.channelUuid,
      data.phone,
      data.change === 'opt_out' ? 'opt_out' : 'opt_back_in',
      new Date(data.at),
      `${data.source}:${data.at}`,
    );
  }

  async recordConsent(
    manager: EntityManager,
    channelUuid: string,
    phone: string,
    kind: ConsentKind,
    at: Date,
    source: string,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ConsentEvent)
      .values({ channelUuid, phone, kind, at, source })
      .orIgnore()
      .execute();
  }

  /** The customer's last message at or before `at`: the window as it stood then. */
  async lastInboundAt(channelUuid: string, phone: string, at: Date): Promise<Date | null> {
    const last = await this.dataSource.manager.findOne(InboundMessage, {
      where: { channelUuid, phone, sentAt: LessThanOrEqual(at) },
      order: { sentAt: 'DESC' },
    });
    return last?.sentAt ?? null;
  }

  /** Whether the customer's own last word on consent, at or before `at`, was STOP. */
  async optedOutAt(channelUuid: string, phone: string, at: Date): Promise<boolean> {
    const last = await this.dataSource.manager.findOne(ConsentEvent, {
      where: { channelUuid, phone, kind: In(['opt_out', 'opt_back_in']), at: LessThanOrEqual(at) },
      order: { at: 'DESC', id: 'DESC' },
    });
    return last?.kind === 'opt_out';
  }
}
