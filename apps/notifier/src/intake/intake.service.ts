import { Injectable, Logger } from '@nestjs/common';
import {
  consentKeywordOf,
  contactUuidFor,
  type ChannelHealthData,
  type ContactConsentData,
  type ContactErasedData,
  type ContactWindowClosingData,
  type InboundMessageData,
  type MessageFailedData,
  type MessageRejectedData,
  type MessageRequestedData,
  type MessageStatusData,
  type TemplateStatusData,
  type WebhookEventType,
  type WebhookPayload,
} from '@herald/contracts';
import { ChannelReplicaRepository } from '@herald/channel-replica';
import { Message, MessageLedgerRepository } from '@herald/ledger';
import { WebhookDeliveriesRepository, WebhookEndpointsRepository } from '@herald/webhooks';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { Channel } from '../channels/channel.entity';
import { DeliveryWorkerService } from '../delivery/delivery-worker.service';
import {
  channelUnhealthyEvent,
  consentEvent,
  inboundDetails,
  inboundEvent,
  MessageFacts,
  StatusChange,
  statusEvents,
  TeamEvent,
  templateStatusEvents,
  windowClosingEvent,
} from './webhook-events';

/**
 * How long a status waits for its message's ledger row: the ledger worker reads the same events, and may be a
 * moment behind. A message still unknown after that is not Herald's (another tool sending from the same number).
 */
export interface LedgerWait {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const LEDGER_WAIT: LedgerWait = { attempts: 5, initialDelayMs: 250, maxDelayMs: 4_000 };

/** Some messages of a batch are not in the ledger yet. */
class NotInLedgerYet extends Error {}

/**
 * Turns Herald's events into deliveries: each event for the enabled endpoints of its team that subscribe to its
 * type, in one statement per batch. Idempotent: an event delivered twice makes the same event ids, and the queue
 * keeps one delivery per endpoint and id.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    private readonly ledger: MessageLedgerRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly channels: ChannelReplicaRepository<Channel>,
    private readonly worker: DeliveryWorkerService,
  ) {}

  /** Tests wait less. */
  ledgerWait: LedgerWait = LEDGER_WAIT;

  /** Of these teams, those with an enabled endpoint for `type`. */
  async subscribedTeams(teamUuids: string[], type: WebhookEventType): Promise<Set<string>> {
    if (teamUuids.length === 0) return new Set();
    return new Set((await this.endpoints.subscribers(teamUuids, type)).map((endpoint) => endpoint.teamUuid));
  }

  /** Accepted: `enqueued`, with everything from the request itself. */
  async requested(batch: MessageRequestedData[]): Promise<void> {
    await this.enqueue(
      batch.flatMap((data) =>
        statusEvents(
          { messageUuid: data.messageUuid, status: 'enqueued', at: data.acceptedAt },
          { teamUuid: data.teamUuid, channelUuid: data.channelUuid, to: data.to, metadata: data.request.metadata, history: [] },
        ),
      ),
    );
  }

  /** WhatsApp's statuses: whose message it is, and its metadata, come from the ledger. */
  async providerStatuses(batch: MessageStatusData[]): Promise<void> {
    const changes = batch.flatMap((data): StatusChange[] => {
      if (!data.messageUuid) {
        this.logger.debug(`status ${data.status} of ${data.providerMessageId} names no Herald message; skipped`);
        return [];
      }
      return [
        {
          messageUuid: data.messageUuid,
          status: data.status,
          at: data.statusAt,
          ...(data.failure ? { reason: { code: data.failure.code, message: data.failure.message, ...providerCode(data.failure.providerCode) } } : {}),
          // Passed on as Meta wrote them.
          ...(data.pricing ? { pricing: { ...data.pricing } } : {}),
          ...(data.conversation ? { conversation: { ...data.conversation } } : {}),
        },
      ];
    });
    const messages = await this.messages(changes.map((change) => change.messageUuid));
    const events = changes.flatMap((change) => {
      const message = messages.get(change.messageUuid);
      if (!message) {
        this.logger.warn(`status ${change.status} of message ${change.messageUuid}: no such message in the ledger; not a Herald message, skipped`);
        return [];
      }
      return statusEvents(change, factsOf(message));
    });
    await this.enqueue(events);
  }

  /** The send failed for good (the dispatcher), or the message was refused before it (the policy, the templates). */
  async unsent(batch: Array<{ kind: 'failed'; data: MessageFailedData } | { kind: 'rejected'; data: MessageRejectedData }>): Promise<void> {
    // The route is in the event; the ledger adds the metadata and the stages before. A row that never comes
    // (a request published straight to Kafka, its ledger row lagging) is no reason to keep the event from the team.
    const messages = await this.messages(batch.map(({ data }) => data.messageUuid));
    const events = batch.flatMap(({ kind, data }) => {
      const message = messages.get(data.messageUuid);
      const facts = message ? factsOf(message) : { teamUuid: data.teamUuid, channelUuid: data.channelUuid, to: data.to, history: [] };
      const at = kind === 'failed' ? data.failedAt : data.rejectedAt;
      const reason = { code: data.reason.code, message: data.reason.message, ...providerCode(kind === 'failed' ? data.reason.providerCode : undefined) };
      return statusEvents({ messageUuid: data.messageUuid, status: kind, at, reason }, { ...facts, teamUuid: data.teamUuid });
    });
    await this.enqueue(events);
  }

  /** A customer wrote: to the teams whose channel has the number; a STOP or START word changes their consent too. */
  async inbound(batch: InboundMessageData[]): Promise<void> {
    const channelsOf = new Map<string, Channel[]>();
    for (const phoneNumberId of new Set(batch.map((data) => data.phoneNumberId))) {
      channelsOf.set(phoneNumberId, await this.channels.findActive({ phoneNumberId }));
    }
    const events = batch.flatMap((data) => {
      const channels = channelsOf.get(data.phoneNumberId) ?? [];
      if (channels.length === 0) this.logger.warn(`inbound message ${data.providerMessageId} to number ${data.phoneNumberId}, which no active channel has; skipped`);
      const keyword = consentKeywordOf(data.text);
      return channels.flatMap((channel) => {
        const contactUuid = contactUuidFor(channel.teamUuid, data.from);
        const message = inboundEvent(channel.teamUuid, {
          channelUuid: channel.uuid,
          from: data.from,
          contactUuid,
          providerMessageId: data.providerMessageId,
          type: data.type,
          ...inboundDetails(data),
          receivedAt: data.sentAt,
        });
        if (!keyword) return [message];
        const type = keyword === 'opt_out' ? 'contact.opted_out' : 'contact.opted_in';
        return [message, consentEvent(channel.teamUuid, type, { channelUuid: channel.uuid, phone: data.from, contactUuid, origin: 'customer' }, data.sentAt)];
      });
    });
    await this.enqueue(events);
  }

  /** The team opted a contact out, or back in, through the API. */
  async consent(batch: ContactConsentData[]): Promise<void> {
    await this.enqueue(
      batch.map((data) =>
        consentEvent(
          data.teamUuid,
          data.change === 'opt_out' ? 'contact.opted_out' : 'contact.opted_in',
          { channelUuid: data.channelUuid, phone: data.phone, contactUuid: contactUuidFor(data.teamUuid, data.phone), origin: 'team' },
          data.at,
        ),
      ),
    );
  }

  /** A contact erased at the team's request: its deliveries lose the number and the messages' words. */
  async contactErased(data: ContactErasedData): Promise<void> {
    const erased = await this.deliveries.eraseContact(data.teamUuid, data.contactUuid, data.phone);
    this.logger.log(`contact ${data.contactUuid} erased from ${erased} deliveries`);
  }

  /** A contact's window closes soon (the policy's alert, `at` when it was due): to the team of its channel. */
  async windowClosing(batch: Array<{ data: ContactWindowClosingData; at: string }>): Promise<void> {
    await this.enqueue(
      batch.map(({ data, at }) =>
        windowClosingEvent(
          data.teamUuid,
          { channelUuid: data.channelUuid, phone: data.phone, contactUuid: data.contactUuid, lastInboundAt: data.lastInboundAt, closesAt: data.closesAt },
          at,
        ),
      ),
    );
  }

  /** A channel's credentials were refused: `channel.unhealthy` (its recovery is not an event teams subscribe to). */
  async channelHealth(batch: ChannelHealthData[]): Promise<void> {
    await this.enqueue(
      batch
        .filter((data) => !data.healthy)
        .map((data) => channelUnhealthyEvent(data.teamUuid, { channelUuid: data.channelUuid, reason: data.reason ?? 'unknown' }, data.at)),
    );
  }

  /** A template's status changed at a sync: to the teams whose channels use its account. */
  async templateStatus(batch: TemplateStatusData[]): Promise<void> {
    await this.enqueue(
      batch.flatMap((data) =>
        templateStatusEvents(
          data.teamUuids ?? [],
          { templateUuid: data.templateUuid, name: data.name, language: data.language, status: data.status, previousStatus: data.previousStatus },
          data.at,
        ),
      ),
    );
  }

  /** Queues each event for its team's endpoints that subscribe to its type, in the order given. */
  private async enqueue(events: TeamEvent[]): Promise<void> {
    if (events.length === 0) return;
    const endpointsOf = new Map<string, Map<string, string[]>>();
    for (const type of new Set(events.map((event) => event.payload.type as WebhookEventType))) {
      const teams = [...new Set(events.filter((event) => event.payload.type === type).map((event) => event.teamUuid))];
      const byTeam = new Map<string, string[]>();
      for (const endpoint of await this.endpoints.subscribers(teams, type)) {
        byTeam.set(endpoint.teamUuid, [...(byTeam.get(endpoint.teamUuid) ?? []), endpoint.uuid]);
      }
      endpointsOf.set(type, byTeam);
    }
    const deliveries = events.flatMap((event) =>
      (endpointsOf.get(event.payload.type)?.get(event.teamUuid) ?? []).map((endpointUuid) => ({
        endpointUuid,
        teamUuid: event.teamUuid,
        messageUuid: event.messageUuid,
        // The store keeps any payload as JSON; each event's data is typed by its contract up to here.
        payload: event.payload as WebhookPayload,
      })),
    );
    if (deliveries.length > 0 && (await this.deliveries.enqueue(deliveries)) > 0) this.worker.wake();
  }

  /** The ledger rows of these messages, waiting a few seconds (LEDGER_WAIT) for those not there yet. */
  private async messages(uuids: string[]): Promise<Map<string, Message>> {
    const wanted = new Set(uuids);
    const found = new Map<string, Message>();
    if (wanted.size === 0) return found;
    const policy = retry(handleWhen((error) => error instanceof NotInLedgerYet), {
      maxAttempts: this.ledgerWait.attempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: this.ledgerWait.initialDelayMs, maxDelay: this.ledgerWait.maxDelayMs }),
    });
    await policy
      .execute(async () => {
        const missing = [...wanted].filter((uuid) => !found.has(uuid));
        for (const message of await this.ledger.findMany(missing)) found.set(message.uuid, message);
        if (found.size < wanted.size) throw new NotInLedgerYet();
      })
      .catch((error: unknown) => {
        if (!(error instanceof NotInLedgerYet)) throw error;
      });
    return found;
  }
}

function factsOf(message: Message): MessageFacts {
  return {
    teamUuid: message.teamUuid,
    channelUuid: message.channelUuid,
    to: message.to,
    metadata: message.request.metadata,
    history: message.statusHistory,
  };
}

function providerCode(code: number | undefined): { providerErrorCode?: number } {
  return code === undefined ? {} : { providerErrorCode: code };
}
