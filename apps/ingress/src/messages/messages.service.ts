import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  contactUuidFor,
  conversationKey,
  DecisionPreviewRequest,
  envelope,
  ErrorCodes,
  ListMessagesQueryDto,
  parseTimestamp,
  MessageListResponse,
  MessageRequestedData,
  MessageStatus,
  MessageStatusResponse,
  SendMessageDto,
  SendMessageResponse,
  Topics,
  ValidationVerdictDto,
} from '@herald/contracts';
import { EventPublisher, EventTooLargeError } from '@herald/kafka';
import { DataSource, IsNull, Not } from 'typeorm';
import { AccountsService, AuthenticatedTeam } from '../accounts/accounts.service';
import { HeraldError } from '../http/herald-error';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { InternalServicesClient } from '../internal/internal-services.client';
import { Acceptance, AcceptBatcher } from './accept-batcher.service';
import { INSERT_LEDGER_ROWS, LedgerRow, ledgerRowParameters, requestWarnings } from './ledger-rows';
import { decodeCursor, encodeCursor } from './list-cursor';
import { Message } from './message.entity';
import { toMessageView } from './message.view';

export const newMessageUuid = () => randomUUID().replace(/-/g, '');

export interface SendOptions {
  requestId?: string;
  idempotencyKey?: string;
}

@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly publisher: EventPublisher,
    private readonly idempotency: IdempotencyService,
    private readonly services: InternalServicesClient,
    private readonly batcher: AcceptBatcher,
  ) {}

  /**
   * Accepts a message: the ledger row (so the uuid is readable the moment the client has it) and the
   * `message.requested` event, acknowledged by every in-sync replica. If Kafka refuses, the row is withdrawn and the
   * client hears 503: nothing is accepted that is not on its way. Without an Idempotency-Key, concurrent requests
   * are accepted together, row and event written at the same time (AcceptBatcher). With one, the key and the row,
   * withdrawn until Kafka has the event, are committed first, and the event is published after
   * (publishUnlessOnItsWay): whatever happens from there (Kafka refuses, the answer is lost, the ingress dies), the
   * client's retry with the key finds the same message and publishes it again rather than a new one. A refused
   * produce may have reached the broker, so a message may be published twice, never sent twice: every consumer
   * already takes an event it has seen as a redelivery.
   */
  async send(team: AuthenticatedTeam, request: SendMessageDto, options: SendOptions = {}): Promise<SendMessageResponse> {
    const idempotencyKey = this.idempotency.validate(options.idempotencyKey);
    const channel = await this.accounts.resolveChannel(team.teamUuid, request);
    const uuid = newMessageUuid();
    if (idempotencyKey === undefined) {
      const acceptance = await this.acceptance(team, request, channel.uuid, uuid, options.requestId);
      await this.batcher.accept(acceptance).catch((error: unknown) => this.refused(uuid, error));
      return this.answer(team, request, uuid);
    }
    const claimed = await this.dataSource.transaction(async (manager) => {
      const claim = await this.idempotency.claim(manager, { teamUuid: team.teamUuid, key: idempotencyKey, request, messageUuid: uuid });
      if (claim.kind === 'replay') return { uuid: claim.messageUuid };
      const acceptance = await this.acceptance(team, request, channel.uuid, uuid, options.requestId);
      await manager.query(INSERT_LEDGER_ROWS, ledgerRowParameters([{ ...acceptance.row, withdrawn: true }]));
      return { uuid, acceptance };
    });
    await this.publishUnlessOnItsWay(team, claimed.uuid, options.requestId, claimed.acceptance);
    return this.answer(team, request, claimed.uuid);
  }

  /**
   * Publishes a keyed message whose row is still withdrawn, and brings the row into view once Kafka has the event;
   * if Kafka refuses, the client hears 503 and the row stays withdrawn for its retry. The row's lock makes
   * concurrent requests with the key take turns, so one publishes and the others find the message on its way; so
   * does the ledger, which brings the row back itself once an event about the message arrives.
   */
  private async publishUnlessOnItsWay(team: AuthenticatedTeam, uuid: string, requestId: string | undefined, accepted?: Acceptance): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const withdrawn = await manager.findOne(Message, {
        where: { uuid, teamUuid: team.teamUuid, withdrawnAt: Not(IsNull()) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!withdrawn) return;
      // A retry publishes the message as it was accepted.
      const { event } = accepted ?? (await this.acceptance(team, withdrawn.request, withdrawn.channelUuid, uuid, requestId, withdrawn.createdAt));
      await this.publisher.publish(event).catch((error: unknown) => this.refused(uuid, error));
      await manager.query(`UPDATE messages SET withdrawn_at = NULL WHERE uuid = $1`, [uuid]);
    });
  }

  /** The ledger row and the `message.requested` event of a message being accepted. */
  private async acceptance(
    team: AuthenticatedTeam,
    request: SendMessageDto,
    channelUuid: string,
    uuid: string,
    requestId: string | undefined,
    acceptedAt = new Date(),
  ): Promise<Acceptance> {
    const assignedUserIsMember = request.assigned_user ? await this.accounts.isMember(team.teamUuid, request.assigned_user) : undefined;
    const row: LedgerRow = {
      uuid,
      teamUuid: team.teamUuid,
      channelUuid,
      to: request.to,
      request,
      warnings: requestWarnings(request, assignedUserIsMember),
      acceptedAt,
    };
    const data: MessageRequestedData = {
      messageUuid: uuid,
      teamUuid: team.teamUuid,
      channelUuid,
      to: request.to,
      request,
      acceptedAt: acceptedAt.toISOString(),
      ...(assignedUserIsMember !== undefined ? { assignedUserIsMember } : {}),
    };
    const event = {
      topic: Topics.MessageRequested,
      key: conversationKey(channelUuid, request.to),
      event: envelope(Topics.MessageRequested, data, { requestId, occurredAt: acceptedAt }),
    };
    return { row, event };
  }

  /**
   * Kafka (or the database) did not take the message: the client hears 503, and may retry; or 413 when the broker
   * refused this message's own event for its size, which a retry cannot change.
   */
  private refused(uuid: string, error: unknown): never {
    if (error instanceof EventTooLargeError) {
      this.logger.warn(`message ${uuid} not accepted: ${error.message}`);
      throw new HeraldError(ErrorCodes.PayloadTooLarge, 'The message is larger than the event broker accepts');
    }
    this.logger.error(`message ${uuid} not accepted: ${(error as Error).message}`);
    throw new HeraldError(ErrorCodes.ServiceUnavailable, 'Messages cannot be accepted right now; retry later', undefined, 5);
  }

  private answer(team: AuthenticatedTeam, request: SendMessageDto, uuid: string): SendMessageResponse {
    const message: SendMessageResponse['message'] = { uuid, status: MessageStatus.Enqueued };
    if (request.fields === 'contact') {
      message.contact = { uuid: contactUuidFor(team.teamUuid, request.to), name: null, phone: request.to, email: null };
    }
    return { message };
  }

  /**
   * The dry run: the same checks as a send (the DTO, the channel, and the policy's rules as they stand now),
   * answering whether the message would be sent and why not. Nothing is stored or sent.
   */
  async validate(team: AuthenticatedTeam, request: SendMessageDto): Promise<ValidationVerdictDto> {
    const channel = await this.accounts.resolveChannel(team.teamUuid, request);
    const assignedUserIsMember = request.assigned_user ? await this.accounts.isMember(team.teamUuid, request.assigned_user) : undefined;
    const preview: DecisionPreviewRequest = {
      teamUuid: team.teamUuid,
      channelUuid: channel.uuid,
      to: request.to,
      request,
      acceptedAt: new Date().toISOString(),
      ...(assignedUserIsMember !== undefined ? { assignedUserIsMember } : {}),
    };
    const decision = await this.services.call<ValidationVerdictDto>('policy', '/decisions/preview', { method: 'POST', body: preview });
    if (!decision.valid || !request.template_uuid) return decision;
    // The template's own checks (exists in the channel's account, approved, values, media) belong to the template service.
    const rendering = await this.services.call<ValidationVerdictDto>('template', '/templates/preview', { method: 'POST', body: preview });
    return rendering.valid ? decision : rendering;
  }

  /** A team sees only its own messages: another team's uuid is as unknown as a uuid that never existed. */
  async status(team: AuthenticatedTeam, uuid: string): Promise<MessageStatusResponse> {
    const message = /^[0-9a-f]{32}$/.test(uuid)
      ? await this.dataSource.manager.findOneBy(Message, { uuid, teamUuid: team.teamUuid, withdrawnAt: IsNull() })
      : null;
    if (!message) throw new HeraldError(ErrorCodes.NotFound, `No message ${uuid}`);
    return { message: toMessageView(message) };
  }

  /** The team's messages, newest first, a page at a time; the cursor is where the previous page stopped. */
  async list(team: AuthenticatedTeam, query: ListMessagesQueryDto): Promise<MessageListResponse> {
    const limit = query.limit ?? 20;
    const builder = this.dataSource.manager
      .createQueryBuilder(Message, 'message')
      .where('message.team_uuid = :team', { team: team.teamUuid })
      .andWhere('message.withdrawn_at IS NULL')
      .orderBy('message.created_at', 'DESC')
      .addOrderBy('message.uuid', 'DESC')
      .take(limit + 1);
    if (query.status) builder.andWhere('message.status = :status', { status: query.status });
    if (query.to) builder.andWhere('message.to = :to', { to: query.to });
    if (query.since) builder.andWhere('message.created_at >= :since', { since: parseTimestamp(query.since) });
    if (query.cursor) {
      const { createdAt, uuid } = decodeCursor(query.cursor);
      builder.andWhere('(message.created_at, message.uuid) < (:createdAt, :uuid)', { createdAt, uuid });
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      messages: page.map(toMessageView),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }
}
