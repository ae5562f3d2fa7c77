import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  conversationKey,
  envelope,
  ErrorCodes,
  MessageRequestedData,
  MessageStatus,
  MessageStatusResponse,
  SendMessageDto,
  SendMessageResponse,
  Topics,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { Repository } from 'typeorm';
import { AccountsService, AuthenticatedTeam } from '../accounts/accounts.service';
import { HeraldError } from '../http/herald-error';
import { Message } from './message.entity';

export const newMessageUuid = () => randomUUID().replace(/-/g, '');

@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    private readonly accounts: AccountsService,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Accepts a message: the ledger row first (so the uuid is readable the moment the client has it), then the
   * `message.requested` event, acknowledged by every in-sync replica. If Kafka refuses, the row goes and the client
   * hears 503: nothing is accepted that is not on its way.
   */
  async send(team: AuthenticatedTeam, request: SendMessageDto, requestId?: string): Promise<SendMessageResponse> {
    const channel = await this.accounts.resolveChannel(team.teamUuid, request.from);
    const acceptedAt = new Date();
    const uuid = newMessageUuid();
    await this.messages.insert({
      uuid,
      teamUuid: team.teamUuid,
      channelUuid: channel.uuid,
      to: request.to,
      request,
      status: MessageStatus.Enqueued,
      statusHistory: [{ status: MessageStatus.Enqueued, at: acceptedAt.toISOString() }],
      providerMessageId: null,
      failure: null,
    });
    const data: MessageRequestedData = {
      messageUuid: uuid,
      teamUuid: team.teamUuid,
      channelUuid: channel.uuid,
      to: request.to,
      request,
      acceptedAt: acceptedAt.toISOString(),
    };
    try {
      await this.publisher.publish({
        topic: Topics.MessageRequested,
        key: conversationKey(channel.uuid, request.to),
        event: envelope(Topics.MessageRequested, data, { requestId, occurredAt: acceptedAt }),
      });
    } catch (error) {
      this.logger.error(`message ${uuid} not accepted, Kafka refused the event: ${(error as Error).message}`);
      await this.messages.delete({ uuid }).catch(() => undefined);
      throw new HeraldError(ErrorCodes.ServiceUnavailable, 'Messages cannot be accepted right now; retry later', undefined, 5);
    }
    return { message: { uuid, status: MessageStatus.Enqueued } };
  }

  /** A team sees only its own messages: another team's uuid is as unknown as a uuid that never existed. */
  async status(team: AuthenticatedTeam, uuid: string): Promise<MessageStatusResponse> {
    const message = /^[0-9a-f]{32}$/.test(uuid) ? await this.messages.findOneBy({ uuid, teamUuid: team.teamUuid }) : null;
    if (!message) throw new HeraldError(ErrorCodes.NotFound, `No message ${uuid}`);
    return {
      message: {
        uuid: message.uuid,
        to: message.to,
        from: message.request.from,
        type: message.request.type,
        content: { ...message.request.content },
        status: message.status,
        providerMessageId: message.providerMessageId,
        createdAt: message.createdAt.toISOString(),
        updatedAt: message.updatedAt.toISOString(),
        statusHistory: message.statusHistory,
        ...(message.failure ? { failure: message.failure } : {}),
      },
    };
  }
}
