import { Injectable, Logger } from '@nestjs/common';
import { ErrorCodes } from '@herald/contracts';
import { ConversationRepository, MessageLedgerRepository } from '@herald/ledger';
import { AccountsService } from '../accounts/accounts.service';
import { HeraldError } from '../http/herald-error';
import { GraphCallsClient } from '../internal/graph-calls.client';

const MESSAGE_UUID = /^[0-9a-f]{32}$/;

/**
 * Marks a customer's message read (and may show them a typing indicator): WhatsApp's status update, sent by the
 * dispatcher through the channel that received the message. Only what a customer wrote can be marked read.
 */
@Injectable()
export class ReadReceiptsService {
  private readonly logger = new Logger(ReadReceiptsService.name);

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly ledger: MessageLedgerRepository,
    private readonly accounts: AccountsService,
    private readonly graph: GraphCallsClient,
  ) {}

  async markRead(teamUuid: string, uuid: string, options: { typingIndicator?: boolean }): Promise<{ success: true }> {
    const message = MESSAGE_UUID.test(uuid) ? await this.conversations.findInbound(teamUuid, uuid) : null;
    // An erased contact's messages keep no number: nothing is left to answer.
    if (!message || message.phone === '') {
      if (!message && MESSAGE_UUID.test(uuid) && (await this.ledger.findForTeam(teamUuid, uuid))) {
        throw new HeraldError(ErrorCodes.MessageNotInbound, "This is one of the team's own messages: only a customer's message can be marked read");
      }
      throw new HeraldError(ErrorCodes.MessageNotFound, `No customer's message ${uuid}`);
    }
    const channel = await this.accounts.teamChannel(teamUuid, message.channelUuid);
    if (!channel) throw new HeraldError(ErrorCodes.MessageNotFound, `No customer's message ${uuid}`);
    await this.graph.markRead(channel.uuid, { messageId: message.providerMessageId, ...(options.typingIndicator ? { typingIndicator: true } : {}) });
    this.logger.log(`message ${uuid} marked read through channel ${channel.uuid}${options.typingIndicator ? ', with the typing indicator' : ''}`);
    return { success: true };
  }
}
