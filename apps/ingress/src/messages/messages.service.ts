import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  contactUuidFor,
  DecisionPreviewRequest,
  envelope,
  ErrorCodes,
  ListMessagesQueryDto,
  parseTimestamp,
  MessageListResponse,
  MessageRequestedData,
  messageRequestedKey,
  MessageStatus,
  MessageStatusResponse,
  SendMessageDto,
  SendMessageResponse,
  Topics,
  ValidationVerdictDto,
} from '@herald/contracts';
import { encodeEvent, MAX_EVENT_BYTES } from '@herald/kafka';
import { DataSource, IsNull } from 'typeorm';
import { AccountsService, AuthenticatedTeam } from '../accounts/accounts.service';
import { HeraldError } from '../http/herald-error';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { InternalServicesClient } from '../internal/internal-services.client';
import { Acceptance, AcceptBatcher } from './accept-batcher.service';
import { outboxRowParameters } from '../outbox/outbox-rows';
import { ACCEPT_MESSAGES, LedgerRow, ledgerRowParameters, requestWarnings } from './ledger-rows';
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
    private readonly idempotency: IdempotencyService,
    private readonly services: InternalServicesClient,
    private readonly batcher: AcceptBatcher,
  ) {}

  /**
   * Accepts a message: its ledger row (so the uuid is readable the moment the client has it) and its
   * `message.requested` event in the outbox, committed together; the client hears 200 only after the commit, and
   * the outbox relay takes the event to Kafka, at once or once Kafka is back (docs/adr/0005-outbox.md). A request
   * whose accept failed hears 503 only once nothing of it can commit (refusedUnlessAccepted). Without an
   * Idempotency-Key, concurrent requests are accepted together (AcceptBatcher). With one, the key is claimed in the
   * same transaction, so a retry with the key finds the message the first request committed, or nothing.
   */
  async send(team: AuthenticatedTeam, request: SendMessageDto, options: SendOptions = {}): Promise<SendMessageResponse> {
    const idempotencyKey = this.idempotency.validate(options.idempotencyKey);
    const channel = await this.accounts.resolveChannel(team.teamUuid, request);
    const uuid = newMessageUuid();
    const acceptance = await this.acceptance(team, request, channel.uuid, uuid, options.requestId);
    if (idempotencyKey === undefined) {
      await this.batcher.accept(acceptance).catch((error: unknown) => this.refusedUnlessAccepted(acceptance, error));
      return this.answer(team, request, uuid);
    }
    return this.answer(team, request, await this.acceptKeyed(team, request, idempotencyKey, acceptance));
  }

  /** Claims the key and accepts the message in one transaction; answers the uuid of the key's message. */
  private async acceptKeyed(team: AuthenticatedTeam, request: SendMessageDto, key: string, acceptance: Acceptance): Promise<string> {
    const { uuid } = acceptance.row;
    let messageUuid: string;
    try {
      messageUuid = await this.dataSource.transaction(async (manager) => {
        const claim = await this.idempotency.claim(manager, { teamUuid: team.teamUuid, key, request, messageUuid: uuid });
        if (claim.kind === 'replay') return claim.messageUuid;
        await manager.query(ACCEPT_MESSAGES, [...ledgerRowParameters([acceptance.row]), ...outboxRowParameters([acceptance.record])]);
        return uuid;
      });
    } catch (error) {
      // A HeraldError (a conflicting key) rolled the transaction back: nothing of it can have been committed.
      if (error instanceof HeraldError) throw error;
      await this.refusedUnlessAccepted(acceptance, error);
      return uuid;
    }
    if (messageUuid === uuid) this.batcher.accepted([uuid]);
    return messageUuid;
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
    const record = encodeEvent({
      topic: Topics.MessageRequested,
      key: messageRequestedKey(data),
      event: envelope(Topics.MessageRequested, data, { requestId, occurredAt: acceptedAt }),
    });
    if (record.value.length > MAX_EVENT_BYTES) {
      this.logger.warn(`message ${uuid} not accepted: its ${record.value.length}-byte event is larger than the broker takes`);
      throw new HeraldError(ErrorCodes.PayloadTooLarge, 'The message is larger than the event broker accepts');
    }
    return { row, record };
  }

  /**
   * The accept failed: the client hears 503, and the message is never sent, unless the statement had committed
   * before its connection broke (AcceptBatcher.acceptedAfterAll), and then the message is accepted after all.
   */
  private async refusedUnlessAccepted({ row }: Acceptance, error: unknown): Promise<void> {
    const accepted = await this.batcher.acceptedAfterAll(row).catch((settling: unknown) => {
      this.logger.error(`message ${row.uuid}: whether it was accepted is unknown (${(settling as Error).message}); answered 503`);
      return false;
    });
    if (accepted) {
      this.logger.warn(`message ${row.uuid} accepted, though its accept reported: ${(error as Error).message}`);
      return;
    }
    this.logger.error(`message ${row.uuid} not accepted: ${(error as Error).message}`);
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
