import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  byProgress,
  canMoveTo,
  MessageDispatchedData,
  MessageFailedData,
  MessageFailure,
  MessageReadyData,
  MessageRejectedData,
  MessageRequestedData,
  MessageStatus,
  MessageStatusData,
} from '@herald/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Message } from './message.entity';

/** A status report about a message the ledger does not know (yet): worth retrying, the row may be on its way. */
export class UnknownMessageError extends Error {}

/**
 * Keeps the ledger in step with the events: every handler is idempotent (Kafka may deliver an event twice, and
 * provider webhooks repeat) and a status never moves backwards.
 */
@Injectable()
export class MessageLedgerService {
  private readonly logger = new Logger(MessageLedgerService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Messages published straight to Kafka by upstream services get their ledger row here. */
  async recordRequested(data: MessageRequestedData): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(Message)
      .values({
        uuid: data.messageUuid,
        teamUuid: data.teamUuid,
        channelUuid: data.channelUuid,
        to: data.to,
        request: data.request,
        status: MessageStatus.Enqueued,
        statusHistory: [{ status: MessageStatus.Enqueued, at: data.acceptedAt }],
        providerMessageId: null,
        failure: null,
        warnings: null,
        renderedText: null,
        createdAt: new Date(data.acceptedAt),
      })
      .orIgnore()
      .execute();
  }

  async recordReady(data: MessageReadyData): Promise<void> {
    await this.withMessage({ uuid: data.messageUuid }, async (manager, message) => {
      if (message.renderedText === data.renderedText) return;
      await manager.update(Message, { uuid: message.uuid }, { renderedText: data.renderedText });
    });
  }

  async recordDispatched(data: MessageDispatchedData): Promise<void> {
    await this.withMessage({ uuid: data.messageUuid }, async (manager, message) => {
      if (message.providerMessageId === data.providerMessageId) return;
      await manager.update(Message, { uuid: message.uuid }, { providerMessageId: data.providerMessageId });
    });
  }

  async recordFailed(data: MessageFailedData): Promise<void> {
    const failure: MessageFailure = { ...data.reason };
    await this.withMessage({ uuid: data.messageUuid }, (manager, message) =>
      this.moveTo(manager, message, MessageStatus.Failed, data.failedAt, failure),
    );
  }

  /**
   * Herald names every message it sends in `biz_opaque_callback_data`, so a status without it is about a message
   * someone else sent from the same number (the WhatsApp Business app, another tool): not Herald's, skipped at once
   * rather than retried in front of the statuses behind it. A status that names an unknown Herald message is
   * retried: its ledger row may still be on its way (a message published straight to Kafka).
   */
  async recordRejected(data: MessageRejectedData): Promise<void> {
    await this.withMessage({ uuid: data.messageUuid }, (manager, message) =>
      this.moveTo(manager, message, MessageStatus.Rejected, data.rejectedAt, { ...data.reason }),
    );
  }

  async recordProviderStatus(data: MessageStatusData): Promise<void> {
    if (!data.messageUuid) {
      const known = await this.dataSource.getRepository(Message).existsBy({ providerMessageId: data.providerMessageId });
      if (!known) {
        this.logger.debug(`status ${data.status} of ${data.providerMessageId} is not about a Herald message; skipped`);
        return;
      }
    }
    const where = data.messageUuid ? { uuid: data.messageUuid } : { providerMessageId: data.providerMessageId };
    await this.withMessage(where, async (manager, message) => {
      if (!message.providerMessageId) {
        // The webhook beat the send response: the provider id is known from here on.
        await manager.update(Message, { uuid: message.uuid }, { providerMessageId: data.providerMessageId });
      }
      const failure = data.status === MessageStatus.Failed ? (data.failure ?? null) : null;
      await this.moveTo(manager, message, data.status as MessageStatus, data.statusAt, failure);
    });
  }

  private async moveTo(
    manager: EntityManager,
    message: Message,
    status: MessageStatus,
    at: string,
    failure: MessageFailure | null,
  ): Promise<void> {
    const moves = canMoveTo(message.status, status);
    // A failure reported after the message was delivered changes nothing the customer saw.
    if (!moves && (status === MessageStatus.Failed || status === MessageStatus.Rejected)) return;
    // A stage reported late (delivered after read) still belongs in the history, once.
    const seen = message.statusHistory.some((change) => change.status === status);
    const history = seen
      ? message.statusHistory
      : [...message.statusHistory, { status, at }].sort(byProgress);
    if (!moves && seen) return;
    await manager.update(
      Message,
      { uuid: message.uuid },
      {
        statusHistory: history,
        ...(moves ? { status } : {}),
        ...(moves && failure ? { failure } : {}),
      },
    );
  }

  private async withMessage(
    where: { uuid: string } | { providerMessageId: string },
    work: (manager: EntityManager, message: Message) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const message = await manager.findOne(Message, { where, lock: { mode: 'pessimistic_write' } });
      if (!message) throw new UnknownMessageError(`no message matches ${JSON.stringify(where)}`);
      await work(manager, message);
    });
  }
}
