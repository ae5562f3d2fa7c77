import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  conversationKey,
  DecisionPreviewRequest,
  envelope,
  MessageApprovedData,
  MessageRejectedData,
  MessageRequestedEvent,
  Topics,
  ValidationVerdictDto,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
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
    const { data } = event;
    const recorded = await this.dataSource.manager.findOneBy(Decision, { messageUuid: data.messageUuid });
    const decision = recorded ?? (await this.decideAnew(event));
    await this.publish(event, decision);
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
    const channel = await this.channels.find(data.channelUuid);
    const [lastInboundAt, optedOut] = await Promise.all([
      this.contacts.lastInboundAt(data.channelUuid, data.to, acceptedAt),
      this.contacts.optedOutAt(data.channelUuid, data.to, acceptedAt),
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

  private async decideAnew(event: MessageRequestedEvent): Promise<Decision> {
    const { data } = event;
    const acceptedAt = new Date(data.acceptedAt);
    const verdict = await this.verdictFor(data);
    return this.dataSource.transaction(async (manager) => {
      if (verdict.approved && data.request.template_uuid && data.request.optin_contact) {
        await this.contacts.recordConsent(manager, data.channelUuid, data.to, 'request_opt_in', acceptedAt, data.messageUuid);
      }
      await manager
        .createQueryBuilder()
        .insert()
        .into(Decision)
        .values({
          messageUuid: data.messageUuid,
          approved: verdict.approved,
          reasonCode: verdict.approved ? null : verdict.code,
          reasonMessage: verdict.approved ? null : verdict.message,
          assignee: verdict.approved ? (verdict.assignee ?? null) : null,
          warnings: verdict.approved ? (verdict.warnings ?? null) : null,
          decidedAt: new Date(),
        })
        .orIgnore()
        .execute();
      return manager.findOneByOrFail(Decision, { messageUuid: data.messageUuid });
    });
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
