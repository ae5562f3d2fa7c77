/**
 * A message's status as Herald reports it (Callbell's values, plus `rejected` for a policy refusal and `held` for a
 * message Herald cannot take further until an operator acts).
 */
export enum MessageStatus {
  Enqueued = 'enqueued',
  /**
   * Herald holds the message, and `failure` says why: an event of it could not be processed (`dead_lettered`, until
   * an operator replays it with `herald dead-letters replay`), or WhatsApp did not answer its send and no status
   * webhook has said whether it took it (`outcome_unknown`, until one does or an operator runs `herald messages
   * resend|abandon`). Not final: the message goes on from here.
   */
  Held = 'held',
  Sent = 'sent',
  Delivered = 'delivered',
  Read = 'read',
  Failed = 'failed',
  Rejected = 'rejected',
}

/** The statuses a provider webhook can report for an outbound message. */
export const providerStatuses = [
  MessageStatus.Sent,
  MessageStatus.Delivered,
  MessageStatus.Read,
  MessageStatus.Failed,
] as const;
export type ProviderStatus = (typeof providerStatuses)[number];

/**
 * Statuses only move forward: webhooks repeat and arrive out of order (a `read` before its `delivered`), and a
 * later report of an earlier stage must not undo what is already known. Final statuses never change.
 */
const progress: Record<MessageStatus, number> = {
  [MessageStatus.Enqueued]: 0,
  [MessageStatus.Held]: 0.5,
  [MessageStatus.Sent]: 1,
  [MessageStatus.Delivered]: 2,
  [MessageStatus.Read]: 3,
  [MessageStatus.Failed]: 4,
  [MessageStatus.Rejected]: 4,
};

/**
 * Orders a status history by stage. Not by time: the provider reports whole seconds, so a message enqueued at
 * .498 can be `sent` at .000 of the same second.
 */
export function byProgress(a: { status: MessageStatus }, b: { status: MessageStatus }): number {
  return progress[a.status] - progress[b.status];
}

export function isFinalStatus(status: MessageStatus): boolean {
  return status === MessageStatus.Read || status === MessageStatus.Failed || status === MessageStatus.Rejected;
}

export function canMoveTo(current: MessageStatus, next: MessageStatus): boolean {
  if (current === next || isFinalStatus(current)) return false;
  // A message that was delivered and later reported failed stays delivered: the customer has it.
  if (next === MessageStatus.Failed) return progress[current] < progress[MessageStatus.Delivered];
  return progress[next] > progress[current];
}
