import { Injectable } from '@nestjs/common';

/** A message a customer sent to a business number, as far as marking it read needs to know it. */
export interface ReceivedMessage {
  wamid: string;
  /** The business phone number that received it: only that number can mark it read. */
  phoneNumberId: string;
  /** The customer's wa_id. */
  from: string;
}

/**
 * The messages customers sent to the sandbox's numbers (simulated inbound messages), by wamid, so that a status
 * update can be checked as Meta checks it: only a message the number received can be marked read. Whatever delivers
 * an inbound message `remember`s it here.
 */
@Injectable()
export class ReceivedMessageRegistry {
  private readonly messages = new Map<string, ReceivedMessage>();

  remember(message: ReceivedMessage): void {
    this.messages.set(message.wamid, message);
  }

  find(wamid: string): ReceivedMessage | undefined {
    return this.messages.get(wamid);
  }

  clear(): number {
    const count = this.messages.size;
    this.messages.clear();
    return count;
  }
}
