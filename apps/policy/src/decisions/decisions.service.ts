import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  conversationKey,
  DecisionPreviewRequest,
  envelope,
  MessageApprovedData,
  MessageRejectedData,
  MessageRequestedData,
  MessageRequestedEvent,
  Topics,
  ValidationVerdictDto,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import { ChannelsService } from '../channels/channels.service';
import { ContactsService } from '../contacts/contacts.service';
import { Decision } from './decision.entity';
import { decide, Verdict } from './rules';

/**
 * Decides, once per message, whether it may be sent, from what held when it was accepted (the request's event
 * time), so a consumer that lags decides as a prompt one would. A replayed request gets the recorded decision again.
 */
@Injectable()
export class DecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    private readonly contacts: ContactsService,
    private readonly publisher: EventPublisher,
  ) {}

  async decide(event: MessageRequestedEvent): Promise<void> {
    const verdict = await this.verdictFor(event.data);
    await this.publish(event, await this.record(event.data, verdict));
  }

  /** The decision the policy would make about a message, recorded nowhere (`POST /messages/validate`). */
  async preview(input: DecisionPreviewRequest): Promise<ValidationVerdictDto> {
    const verdict = await this.verdictFor(input);
    return verdict.approved
      ? { valid: true, ...(verdict.warnings ? { warnings: verdict.warnings } : {}) }
      : { valid: false, reason: { code: verdict.code, message: verdict.message } };
  }

  private async verdictFor(data: DecisionPreviewRequest): Promise<Verdict> {
    const acceptedAt = new Date(data.acceptedAt);
    const [channel, { lastInboundAt, optedOut }] = await Promise.all([
      this.channels.find(data.channelUuid),
      this.contacts.standing(data.channelUuid, data.to, acceptedAt),
    ]);
    return decide({
      request: data.request,
      acceptedAt,
      lastInboundAt,
      optedOut,
      // A channel not announced yet was created moments ago through the official API integration, the default.
      integration: channel?.integration ?? 'whatsapp_business_api',
      assignedUserIsMember: data.assignedUserIsMember,
    });
  }

  /**
   * Records the decision, and the opt-in an approved template request carries, in one statement. The first
   * decision about a message stands: a replayed request (Kafka redelivers) gets the recorded one, whatever the
   * verdict would be now.
   */
  private async record(data: MessageRequestedData, verdict: Verdict): Promise<Decision> {
    const recordsOptIn = verdict.approved && Boolean(data.request.template_uuid && data.request.optin_contact);
    const [inserted] = await queryRows<DecisionRow>(
      this.dataSource,
      `WITH opt_in AS (
         INSERT INTO consent_events (channel_uuid, phone, kind, at, source)
         SELECT $2, $3, 'request_opt_in', $4, $1 WHERE $5
         ON CONFLICT DO NOTHING
       )
       INSERT INTO decisions (message_uuid, approved, reason_code, reason_message, assignee, warnings, decided_at)
       VALUES ($1, $6, $7, $8, $9, $10, now())
       ON CONFLICT (message_uuid) DO NOTHING
       RETURNING *`,
      [
        data.messageUuid,
        data.channelUuid,
        data.to,
        data.acceptedAt,
        recordsOptIn,
        verdict.approved,
        verdict.approved ? null : verdict.code,
        verdict.approved ? null : verdict.message,
        verdict.approved ? (verdict.assignee ?? null) : null,
        verdict.approved && verdict.warnings ? JSON.stringify(verdict.warnings) : null,
      ],
    );
    if (inserted) return toDecision(inserted);
    return this.dataSource.manager.findOneByOrFail(Decision, { messageUuid: data.messageUuid });
  }

  private async publish(event: MessageRequestedEvent, decision: Decision): Promise<void> {
    const { data } = event;
    const key = conversationKey(data.channelUuid, data.to);
    const decidedAt = decision.decidedAt.toISOString();
    if (decision.approved) {
      const approved: MessageApprovedData = {
        ...data,
        approvedAt: decidedAt,
        ...(decision.assignee ? { assignee: decision.assignee } : {}),
        ...(decision.warnings ? { warnings: decision.warnings } : {}),
      };
      await this.publisher.publish({ topic: Topics.MessageApproved, key, event: envelope(Topics.MessageApproved, approved, { requestId: event.requestId }) });
      return;
    }
    const rejected: MessageRejectedData = {
      messageUuid: data.messageUuid,
      teamUuid: data.teamUuid,
      channelUuid: data.channelUuid,
      to: data.to,
      reason: { code: decision.reasonCode ?? 'rejected', message: decision.reasonMessage ?? 'The message was refused' },
      rejectedAt: decidedAt,
    };
    await this.publisher.publish({ topic: Topics.MessageRejected, key, event: envelope(Topics.MessageRejected, rejected, { requestId: event.requestId }) });
  }
}

interface DecisionRow {
  message_uuid: string;
  approved: boolean;
  reason_code: string | null;
  reason_message: string | null;
  assignee: string | null;
  warnings: Decision['warnings'];
  decided_at: Date;
}

const toDecision = (row: DecisionRow): Decision =>
  Object.assign(new Decision(), {
    messageUuid: row.message_uuid,
    approved: row.approved,
    reasonCode: row.reason_code,
    reasonMessage: row.reason_message,
    assignee: row.assignee,
    warnings: row.warnings,
    decidedAt: row.decided_at,
  });
