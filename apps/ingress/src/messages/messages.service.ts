import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
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
import { ConversationRepository, LedgerRow, MessageLedgerRepository, requestWarnings } from '@herald/ledger';
import { AccountsService, AuthenticatedTeam } from '../accounts/accounts.service';
import { HeraldError } from '../http/herald-error';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { InternalServicesClient } from '../internal/internal-services.client';
import { AcceptBatcher } from './accept-batcher.service';
import { Acceptance, AcceptRepository } from './accept.repository';
import { decodeCursor, encodeCursor } from './list-cursor';
import { toInboundListItem } from '../contacts/contact.view';
import { toMessageView } from './message.view';

export const newMessageUuid = () => randomUUID().replace(/-/g, '');

/** The WhatsApp ids of the messages a request names, as message.requested carries them. */
type MessageReferences = Pick<MessageRequestedData, 'replyToWamid' | 'reactionToWamid'>;

export interface SendOptions {
  requestId?: string;
  idempotencyKey?: string;
}

@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly idempotency: IdempotencyService,
    private readonly services: InternalServicesClient,
    private readonly batcher: AcceptBatcher,
    private readonly accepts: AcceptRepository,
    private readonly ledger: MessageLedgerRepository,
    private readonly conversations: ConversationRepository,
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
    const references = await this.resolveReferences(team, request, channel.uuid);
    const acceptance = await this.acceptance(team, request, channel.uuid, uuid, options.requestId, references);
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
      messageUuid = await this.accepts.keyed(async (tx) => {
        const claim = await this.idempotency.claim(tx.keys, { teamUuid: team.teamUuid, key, request, messageUuid: uuid });
        if (claim.kind === 'replay') return claim.messageUuid;
        await tx.accept([acceptance]);
        return uuid;
      });
    } catch (error) {
      // A HeraldError (a conflicting key) rolled the transaction back: nothing of it can have been committed.
      if (error instanceof HeraldError) throw error;
      await this.refusedUnlessAccepted(acceptance, error);
      return uuid;
    }
    if (messageUuid === uuid) this.batcher.accepted();
    return messageUuid;
  }

  /** The ledger row and the `message.requested` event of a message being accepted. */
  private async acceptance(
    team: AuthenticatedTeam,
    request: SendMessageDto,
    channelUuid: string,
    uuid: string,
    requestId: string | undefined,
    references: MessageReferences,
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
      ...references,
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
   * The WhatsApp ids of the messages a reply quotes or a reaction names, from the conversation's ledger: WhatsApp
   * knows a message by its wamid only, which a customer's message has and the team's has once sent. A uuid that
   * resolves to none is refused here, naming its field, rather than failing at WhatsApp after it was queued.
   */
  private async resolveReferences(team: AuthenticatedTeam, request: SendMessageDto, channelUuid: string): Promise<MessageReferences> {
    const conversation = { teamUuid: team.teamUuid, channelUuid, phone: request.to };
    const resolve = (uuid: string | undefined) => (uuid ? this.conversations.whatsappIdOf(conversation, uuid.toLowerCase()) : Promise.resolve(null));
    const reactionUuid = request.type === 'reaction' ? request.content.message_uuid : undefined;
    const [replyToWamid, reactionToWamid] = await Promise.all([resolve(request.reply_to), resolve(reactionUuid)]);
    if (request.reply_to && !replyToWamid) {
      throw new HeraldError(ErrorCodes.ReplyToNotFound, `reply_to names no message of this conversation that WhatsApp knows`, [
        { field: 'reply_to', problem: "must be the uuid of the customer's message, or of the team's message once sent, in this conversation" },
      ]);
    }
    if (reactionUuid && !reactionToWamid) {
      throw new HeraldError(ErrorCodes.ReactionMessageNotFound, `content.message_uuid names no message of this conversation that WhatsApp knows`, [
        { field: 'content.message_uuid', problem: "must be the uuid of the customer's message, or of the team's message once sent, in this conversation" },
      ]);
    }
    return { ...(replyToWamid ? { replyToWamid } : {}), ...(reactionToWamid ? { reactionToWamid } : {}) };
  }

  /**
   * The accept failed: the client hears 503, and the message is never sent, unless the statement had committed
   * before its connection broke (AcceptBatcher.acceptedAfterAll), and then the message is accepted after all.
   */
  private async refusedUnlessAccepted(acceptance: Acceptance, error: unknown): Promise<void> {
    const { row } = acceptance;
    const accepted = await this.batcher.acceptedAfterAll(acceptance).catch((settling: unknown) => {
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
    await this.resolveReferences(team, request, channel.uuid);
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
    // The window is the policy's to tell, whichever service refuses the message.
    return rendering.valid ? decision : { ...rendering, ...(decision.window ? { window: decision.window } : {}) };
  }

  /** A team sees only its own messages: another team's uuid is as unknown as a uuid that never existed. */
  async status(team: AuthenticatedTeam, uuid: string): Promise<MessageStatusResponse> {
    const message = /^[0-9a-f]{32}$/.test(uuid) ? await this.ledger.findForTeam(team.teamUuid, uuid) : null;
    if (!message) throw new HeraldError(ErrorCodes.NotFound, `No message ${uuid}`);
    return { message: toMessageView(message) };
  }

  /**
   * The team's messages, newest first, a page at a time; the cursor is where the previous page stopped. Both ways
   * unless `direction` says (a `status` is the team's messages' only): the customers' messages are the ledger's
   * record of conversations.
   */
  async list(team: AuthenticatedTeam, query: ListMessagesQueryDto): Promise<MessageListResponse> {
    const limit = query.limit ?? 20;
    const since = query.since ? (parseTimestamp(query.since) ?? undefined) : undefined;
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.direction === 'outbound') {
      const rows = await this.ledger.list(team.teamUuid, { status: query.status, to: query.to, since, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        messages: page.map((message) => ({ ...toMessageView(message), direction: 'outbound' as const })),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      };
    }
    const entries = await this.conversations.page(team.teamUuid, {
      direction: query.direction ?? 'both',
      phone: query.to,
      status: query.status,
      since,
      after: after ? { at: after.createdAt, uuid: after.uuid } : undefined,
      limit: limit + 1,
    });
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return {
      messages: page.map((entry) =>
        entry.direction === 'outbound' ? { ...toMessageView(entry.message), direction: 'outbound' as const } : toInboundListItem(entry.message),
      ),
      nextCursor: entries.length > limit && last ? encodeCursor({ createdAt: last.at, uuid: last.message.uuid }) : null,
    };
  }
}
