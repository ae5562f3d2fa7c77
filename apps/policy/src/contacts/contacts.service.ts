import { Injectable, Logger } from '@nestjs/common';
import { consentKeywordOf, ContactConsentData, InboundMessageData } from '@herald/contracts';
import { ChannelsService } from '../channels/channels.service';
import { ConsentKind } from './consent-event.entity';
import { ContactAt, ContactsRepository, Standing } from './contacts.repository';

/** What customers wrote and what they consented to, per business number, over time. */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);

  constructor(
    private readonly contacts: ContactsRepository,
    private readonly channels: ChannelsService,
  ) {}

  /** A customer wrote: the window opens from the provider's timestamp; STOP and START change consent. */
  async recordInbound(data: InboundMessageData): Promise<void> {
    const channels = await this.channels.byPhoneNumberId(data.phoneNumberId);
    if (channels.length === 0) {
      this.logger.warn(`inbound message ${data.providerMessageId} to unknown number ${data.phoneNumberId}; skipped`);
      return;
    }
    const keyword = consentKeywordOf(data.text);
    const consent: ConsentKind | null = keyword === 'opt_out' ? 'opt_out' : keyword === 'opt_in' ? 'opt_back_in' : null;
    await this.contacts.recordInbound(
      { providerMessageId: data.providerMessageId, phone: data.from, sentAt: new Date(data.sentAt), type: data.type },
      channels.map((channel) => channel.uuid),
      consent,
    );
  }

  /** The team opted the contact out (or back in) through the API: as binding as the customer's own STOP or START. */
  async recordApiConsent(data: ContactConsentData): Promise<void> {
    await this.contacts.recordConsent({
      channelUuid: data.channelUuid,
      phone: data.phone,
      kind: data.change === 'opt_out' ? 'opt_out' : 'opt_back_in',
      at: new Date(data.at),
      source: `${data.source}:${data.at}`,
      origin: 'team',
    });
  }

  /** When each contact last wrote, and whether they were opted out, at its own moment; in the order asked. */
  standings(contacts: ContactAt[]): Promise<Standing[]> {
    return this.contacts.standings(contacts);
  }
}
