import { Injectable } from '@nestjs/common';
import { GraphApiError } from '../graph/graph-api.error';
import { validateGraphInput } from '../graph/validate-graph-input';
import { MarkReadRequestDto } from './mark-read.dto';
import { ReceivedMessageRegistry } from './received-message.registry';

/** A status update the sandbox accepted, as tests inspect it. */
export interface ReadReceipt {
  messageId: string;
  phoneNumberId: string;
  /** The customer whose message was marked read. */
  from: string;
  typingIndicator: boolean;
  receivedAt: Date;
}

/** Marks a received message read, as the Cloud API's status update does, and records the call. */
@Injectable()
export class ReadReceiptsService {
  private readonly receipts: ReadReceipt[] = [];

  constructor(private readonly received: ReceivedMessageRegistry) {}

  markRead(command: { phoneNumberId: string; body: unknown; receivedAt: Date }): { success: true } {
    const request = validateGraphInput(MarkReadRequestDto, command.body, 'request body');
    const message = this.received.find(request.message_id);
    // Meta answers a message id its number did not receive with the (#100) invalid parameter error.
    if (!message || message.phoneNumberId !== command.phoneNumberId) {
      throw GraphApiError.invalidParameter(
        `message_id ${request.message_id} is not a message phone number ${command.phoneNumberId} received`,
      );
    }
    this.receipts.push({
      messageId: message.wamid,
      phoneNumberId: command.phoneNumberId,
      from: message.from,
      typingIndicator: request.typing_indicator !== undefined,
      receivedAt: command.receivedAt,
    });
    return { success: true };
  }

  /** Every status update accepted, oldest first; only those for one message when given its id. */
  list(messageId?: string): ReadReceipt[] {
    return messageId === undefined ? [...this.receipts] : this.receipts.filter((receipt) => receipt.messageId === messageId);
  }

  clear(): number {
    return this.receipts.splice(0).length;
  }
}
