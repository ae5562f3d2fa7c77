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
import { DataSource } from 'typeorm';
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
    if (data.ledgerRecorded) return;
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
    await this.setOnce(data.messageUuid, 'rendered_text', data.renderedText);
  }

  async recordDispatched(data: MessageDispatchedData): Promise<void> {
    await this.setOnce(data.messageUuid, 'provider_message_id', data.providerMessageId);
  }

  /** One column set, in one statement; a message the ledger does not know is worth a retry (see the class). */
  private async setOnce(uuid: string, column: 'rendered_text' | 'provider_message_id', value: string): Promise<void> {
    const [, changed] = (await this.dataSource.query(
      `UPDATE messages SET ${column} = $2, updated_at = now() WHERE uuid = $1 AND ${column} IS DISTINCT FROM $2`,
      [uuid, value],
    )) as [unknown, number];
    if (changed === 0 && !(await this.dataSource.getRepository(Message).existsBy({ uuid }))) {
      throw new UnknownMessageError(`no message matches ${JSON.stringify({ uuid })}`);
    }
  }

  async recordFailed(data: MessageFailedData): Promise<void> {
    const failure: MessageFailure = { ...data.reason };
    await this.moveTo({ uuid: data.messageUuid }, MessageStatus.Failed, data.failedAt, failure);
  }

  /**
   * Herald names every message it sends in `biz_opaque_callback_data`, so a status without it is about a message
   * someone else sent from the same number (the WhatsApp Business app, another tool): not Herald's, skipped at once
   * rather than retried in front of the statuses behind it. A status that names an unknown Herald message is
   * retried: its ledger row may still be on its way (a message published straight to Kafka).
   */
  async recordRejected(data: MessageRejectedData): Promise<void> {
    await this.moveTo({ uuid: data.messageUuid }, MessageStatus.Rejected, data.rejectedAt, { ...data.reason });
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
    const failure = data.status === MessageStatus.Failed ? (data.failure ?? null) : null;
    // The webhook may beat the send response: the provider id is known from here on.
    await this.moveTo(where, data.status as MessageStatus, data.statusAt, failure, data.providerMessageId);
  }

  /**
   * Moves a message's status forward, in two round trips and no lock held between them: read the row, then
   * write the change only if nobody changed the row meanwhile (its status and history length), else read again.
   */
  private async moveTo(
    where: { uuid: string } | { providerMessageId: string },
    status: MessageStatus,
    at: string,
    failure: MessageFailure | null,
    providerMessageId?: string,
  ): Promise<void> {
    const messages = this.dataSource.getRepository(Message);
    for (;;) {
      const message = await messages.findOne({ where, select: ['uuid', 'status', 'statusHistory', 'providerMessageId'] });
      if (!message) throw new UnknownMessageError(`no message matches ${JSON.stringify(where)}`);
      const moves = canMoveTo(message.status, status);
      const seen = message.statusHistory.some((change) => change.status === status);
      const learnsProviderId = Boolean(providerMessageId && !message.providerMessageId);
      // A failure reported after the message was delivered changes nothing the customer saw; a stage reported
      // late (delivered after read) still belongs in the history, once.
      const recordsStage = moves || (!seen && status !== MessageStatus.Failed && status !== MessageStatus.Rejected);
      if (!recordsStage && !learnsProviderId) return;
      const history = recordsStage && !seen ? [...message.statusHistory, { status, at }].sort(byProgress) : message.statusHistory;
      const [, changed] = (await this.dataSource.query(
        `UPDATE messages
         SET status = $2, status_history = $3, failure = coalesce($4, failure), provider_message_id = coalesce(provider_message_id, $5),
             updated_at = now()
         WHERE uuid = $1 AND status = $6 AND jsonb_array_length(status_history) = $7`,
        [
          message.uuid,
          moves ? status : message.status,
          JSON.stringify(history),
          moves && failure ? JSON.stringify(failure) : null,
          providerMessageId ?? null,
          message.status,
          message.statusHistory.length,
        ],
      )) as [unknown, number];
      if (changed === 1) return;
    }
  }
}
