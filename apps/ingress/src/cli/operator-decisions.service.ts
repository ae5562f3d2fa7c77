import { Injectable } from '@nestjs/common';
import { envelope, ErrorCodes, MESSAGE_UUID_PATTERN, MessageDecidedData, messageDecidedKey, MessageStatus, OperatorDecision, Topics } from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { MessageLedgerRepository } from '@herald/ledger';
import { HeraldError } from '../http/herald-error';

/**
 * `herald messages resend|abandon`: an operator's decision about a message held because its send's outcome is
 * unknown, published for the dispatcher (which owns the send queue, and changes only a send still held).
 */
@Injectable()
export class OperatorDecisions {
  constructor(
    private readonly ledger: MessageLedgerRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async decide(messageUuid: string, decision: OperatorDecision): Promise<MessageDecidedData> {
    const message = MESSAGE_UUID_PATTERN.test(messageUuid) ? await this.ledger.find(messageUuid) : null;
    if (!message) throw new HeraldError(ErrorCodes.NotFound, `There is no message ${messageUuid}`);
    if (message.status !== MessageStatus.Held || message.failure?.code !== 'outcome_unknown') {
      throw new HeraldError(ErrorCodes.ValidationFailed, `Message ${messageUuid} is ${message.status}, not held for an unknown outcome: there is nothing to decide`);
    }
    const data: MessageDecidedData = {
      messageUuid,
      teamUuid: message.teamUuid,
      channelUuid: message.channelUuid,
      to: message.to,
      decision,
      decidedAt: new Date().toISOString(),
    };
    await this.publisher.publish({
      topic: Topics.MessageDecided,
      key: messageDecidedKey(data),
      event: envelope(Topics.MessageDecided, data),
    });
    return data;
  }
}
