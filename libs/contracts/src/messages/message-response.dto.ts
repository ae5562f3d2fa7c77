import { MessageStatus } from './message-status';

/** `200` answer of `POST /messages/send`. */
export interface SendMessageResponse {
  message: {
    uuid: string;
    status: MessageStatus.Enqueued;
    /** With `fields=contact`. */
    contact?: { uuid: string; name: string | null; phone: string; email: string | null };
  };
}

export interface MessageStatusChange {
  status: MessageStatus;
  at: string;
}

export interface MessageFailure {
  code: string;
  message: string;
  providerCode?: number;
}

/** `200` answer of `GET /messages/status/:uuid`. */
export interface MessageStatusResponse {
  message: {
    uuid: string;
    to: string;
    from: string;
    type: string;
    content: Record<string, unknown>;
    templateUuid?: string;
    assignedUser?: string;
    metadata?: Record<string, string>;
    contactUuid: string;
    channelUuid: string;
    status: MessageStatus;
    providerMessageId: string | null;
    createdAt: string;
    updatedAt: string;
    statusHistory: MessageStatusChange[];
    failure?: MessageFailure;
  };
}

/** `200` answer of `GET /messages`: newest first; `next_cursor` is null on the last page. */
export interface MessageListResponse {
  messages: MessageStatusResponse['message'][];
  next_cursor: string | null;
}

/** The uuid Herald gives a message: 32 lowercase hex digits, as Callbell's. */
export const MESSAGE_UUID_PATTERN = /^[0-9a-f]{32}$/;
