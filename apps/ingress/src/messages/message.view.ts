import { contactUuidFor, MessageStatus, MessageStatusResponse } from '@herald/contracts';
import { Message } from '@herald/ledger';

export type MessageView = MessageStatusResponse['message'];

/**
 * The statuses whose reason the client sees. A held message's reason stays in its row once it goes on (the ledger
 * never clears a column), and is not shown beside a later status.
 */
const statusesWithReason = new Set([MessageStatus.Held, MessageStatus.Failed, MessageStatus.Rejected]);

/** A ledger row as clients see it (Callbell's message object, plus Herald's status history). */
export function toMessageView(message: Message): MessageView {
  const { request } = message;
  return {
    uuid: message.uuid,
    to: message.to,
    from: request.from,
    type: request.type,
    content: { ...request.content },
    ...(message.renderedText !== null && message.renderedText !== undefined ? { renderedText: message.renderedText } : {}),
    ...(request.template_uuid ? { templateUuid: request.template_uuid } : {}),
    // Only a team member is an assignee; anyone else left the message unassigned, with a warning.
    ...(request.assigned_user && !message.warnings?.some((warning) => warning.code === 'assignee_not_member')
      ? { assignedUser: request.assigned_user.toLowerCase() }
      : {}),
    ...(request.metadata ? { metadata: request.metadata } : {}),
    contactUuid: contactUuidFor(message.teamUuid, message.to),
    channelUuid: message.channelUuid,
    status: message.status,
    providerMessageId: message.providerMessageId,
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
    statusHistory: message.statusHistory,
    ...(message.failure && statusesWithReason.has(message.status) ? { failure: message.failure } : {}),
    ...(message.warnings ? { warnings: message.warnings } : {}),
  };
}
