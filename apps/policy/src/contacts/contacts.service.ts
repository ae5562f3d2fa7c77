import { Injectable, Logger } from '@nestjs/common';
import { consentKeywordOf, ContactConsentData, ContactErasedData, ContactWindowStanding, InboundMessageData } from '@herald/contracts';
import { ChannelsService } from '../channels/channels.service';
import { windowAt } from '../decisions/rules';
import { ConsentKind } from './consent-event.entity';
import { ContactAt, ContactsRepository, Standing } from './contacts.repository';
import { WindowAlertsRepository } from './window-alerts.repository';
import { WindowClosingService } from './window-closing.service';

/** What customers wrote and what they consented to, per business number, over time. */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);

  constructor(
    private readonly contacts: ContactsRepository,
    private readonly channels: ChannelsService,
    private readonly alerts: WindowAlertsRepository,
    private readonly windowClosing: WindowClosingService,
  ) {}

  /**
   * A customer wrote: the window opens from the provider's timestamp, and its closing alert moves to the new end;
   * STOP and START change consent. Kafka delivers the message again should either statement fail, and both are
   * idempotent.
   */
  async recordInbound(data: InboundMessageData): Promise<void> {
    const channels = await this.channels.byPhoneNumberId(data.phoneNumberId);
    if (channels.length === 0) {
      this.logger.warn(`inbound message ${data.providerMessageId} to unknown number ${data.phoneNumberId}; skipped`);
      return;
    }
    const keyword = consentKeywordOf(data.text);
    const consent: ConsentKind | null = keyword === 'opt_out' ? 'opt_out' : keyword === 'opt_in' ? 'opt_back_in' : null;
    const sentAt = new Date(data.sentAt);
    await this.contacts.recordInbound(
      { providerMessageId: data.providerMessageId, phone: data.from, sentAt, type: data.type },
      channels.map((channel) => channel.uuid),
      consent,
    );
    if (!this.windowClosing.enabled) return;
    const times = this.windowClosing.timesOf(sentAt);
    await this.alerts.schedule(channels.map((channel) => ({ channelUuid: channel.uuid, phone: data.from, ...times })));
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

  /**
   * Each contact's window at `at`, by the rule a send is judged by, with when the customer last wrote; in the order
   * asked.
   */
  async windows(contacts: Array<{ channelUuid: string; phone: string }>, at: Date): Promise<ContactWindowStanding[]> {
    const standings = await this.contacts.standings(contacts.map((contact) => ({ ...contact, at })));
    return contacts.map((contact, index) => {
      const { lastInboundAt } = standings[index];
      const window = windowAt(lastInboundAt, at);
      return {
        channelUuid: contact.channelUuid,
        phone: contact.phone,
        open: window.open,
        closesAt: window.closesAt?.toISOString() ?? null,
        lastInboundAt: lastInboundAt?.toISOString() ?? null,
      };
    });
  }

  /** The team erased the contact: see ContactsRepository.forget. */
  recordErasure(data: ContactErasedData): Promise<void> {
    return this.contacts.forget(data.teamUuid, data.phone);
  }

  /** When each contact last wrote, and whether they were opted out, at its own moment; in the order asked. */
  standings(contacts: ContactAt[]): Promise<Standing[]> {
    return this.contacts.standings(contacts);
  }
}
