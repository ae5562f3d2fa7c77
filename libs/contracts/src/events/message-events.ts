import { Type } from 'class-transformer';
import {
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MESSAGE_UUID_PATTERN } from '../messages/message-response.dto';
import { providerStatuses, ProviderStatus } from '../messages/message-status';
import { failureCodes, FailureCode, rejectionCodes, RejectionCode, warningCodes, WarningCode } from '../messages/reason-codes';
import { SendMessageDto } from '../messages/send-message.dto';
import { EventEnvelope } from './event-envelope';

const messageUuid = () => Matches(MESSAGE_UUID_PATTERN, { message: 'messageUuid must be 32 lowercase hex digits' });

/** What every event about one outbound message carries: whose it is and where it goes. */
export class MessageRoute {
  @messageUuid()
  messageUuid: string;

  @IsUUID()
  teamUuid: string;

  @IsUUID()
  channelUuid: string;

  @IsString()
  to: string;
}

export class MessageRequestedData extends MessageRoute {
  @ValidateNested()
  @Type(() => SendMessageDto)
  request: SendMessageDto;

  /**
   * Whether `request.assigned_user` is a member of the team, as the ingress (which keeps the members) found when
   * it accepted the message. Absent when there is no assigned user, or the publisher could not tell.
   */
  @IsOptional()
  @IsBoolean()
  assignedUserIsMember?: boolean;

  @IsISO8601({ strict: true })
  acceptedAt: string;
}

/** Why a message was refused before it was sent. */
export class RejectionReason {
  @IsIn(rejectionCodes)
  code: RejectionCode;

  /** One human sentence. */
  @IsString()
  message: string;
}

/** Why a send failed or is held. */
export class FailureReason {
  /** A stable, machine-readable reason code, such as `provider_rejected`. */
  @IsIn(failureCodes)
  code: FailureCode;

  /** One human sentence. */
  @IsString()
  message: string;

  @IsOptional()
  @IsInt()
  providerCode?: number;
}

/** Something about a message worth telling the client although it is sent, such as an assignment that failed. */
export class MessageWarning {
  @IsIn(warningCodes)
  code: WarningCode;

  @IsString()
  message: string;
}

export class MessageApprovedData extends MessageRequestedData {
  @IsISO8601({ strict: true })
  approvedAt: string;

  /** The team member the conversation is assigned to. */
  @IsOptional()
  @IsString()
  assignee?: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => MessageWarning)
  @IsObject({ each: true })
  @IsArray()
  warnings?: MessageWarning[];
}

export class MessageRejectedData extends MessageRoute {
  @ValidateNested()
  @Type(() => RejectionReason)
  reason: RejectionReason;

  @IsISO8601({ strict: true })
  rejectedAt: string;
}

/** A customer's message to one of the team's numbers, from a WhatsApp webhook. */
export class InboundMessageData {
  @IsString()
  phoneNumberId: string;

  /** The customer, in E.164 (with the plus). */
  @IsString()
  from: string;

  @IsString()
  providerMessageId: string;

  /** When the customer wrote, by the provider's clock: the 24-hour window runs from here. */
  @IsISO8601({ strict: true })
  sentAt: string;

  @IsString()
  type: string;

  @IsOptional()
  @IsString()
  text?: string;
}

/** A text message, ready for the provider. */
export class OutboundText {
  @IsString()
  @MaxLength(4096)
  body: string;

  @Equals(false)
  previewUrl: boolean;
}

/** A media message's media, by link. */
export class OutboundMedia {
  @IsString()
  @MaxLength(2048)
  link: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  caption?: string;

  @IsOptional()
  @IsString()
  @MaxLength(240)
  filename?: string;
}

export const templateParameterTypes = ['text', 'image', 'document', 'video'] as const;
export type TemplateParameterType = (typeof templateParameterTypes)[number];

/** One value filled into a template, in the Graph API's shape: a body text, or the header's media by link. */
export class OutboundTemplateParameter {
  @IsIn(templateParameterTypes)
  type: TemplateParameterType;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'text')
  @IsString()
  text?: string;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'image')
  @ValidateNested()
  @Type(() => OutboundMedia)
  image?: OutboundMedia;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'document')
  @ValidateNested()
  @Type(() => OutboundMedia)
  document?: OutboundMedia;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'video')
  @ValidateNested()
  @Type(() => OutboundMedia)
  video?: OutboundMedia;
}

export const templateComponentTypes = ['header', 'body'] as const;
export type TemplateComponentType = (typeof templateComponentTypes)[number];

/** The parameters of one part of a template, in the Graph API's shape (`components[]` of a template send). */
export class OutboundTemplateComponent {
  @IsIn(templateComponentTypes)
  type: TemplateComponentType;

  @ValidateNested({ each: true })
  @Type(() => OutboundTemplateParameter)
  @IsObject({ each: true })
  @IsArray()
  parameters: OutboundTemplateParameter[];
}

/** A template to send: its name and language, and the Graph API components built from the request's values. */
export class OutboundTemplate {
  @IsString()
  name: string;

  @IsString()
  language: string;

  /** Header media and body parameters, as the template service built them. */
  @ValidateNested({ each: true })
  @Type(() => OutboundTemplateComponent)
  @IsObject({ each: true })
  @IsArray()
  components: OutboundTemplateComponent[];
}

export const outboundKinds = ['text', 'image', 'document', 'audio', 'video', 'template'] as const;
export type OutboundKind = (typeof outboundKinds)[number];

/** The message in the provider-neutral shape the dispatcher turns into a Graph API request. */
export class OutboundMessage {
  @IsIn(outboundKinds)
  kind: OutboundKind;

  /** For `text`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'text')
  @ValidateNested()
  @Type(() => OutboundText)
  text?: OutboundText;

  /** For `image`, `document`, `audio` and `video`. */
  @ValidateIf((message: OutboundMessage) => message.kind !== 'text' && message.kind !== 'template')
  @ValidateNested()
  @Type(() => OutboundMedia)
  media?: OutboundMedia;

  /** For `template`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'template')
  @ValidateNested()
  @Type(() => OutboundTemplate)
  template?: OutboundTemplate;
}

export class MessageReadyData extends MessageRoute {
  @ValidateNested()
  @Type(() => OutboundMessage)
  outbound: OutboundMessage;

  /** The text as the customer will read it, kept for the ledger. */
  @IsString()
  renderedText: string;
}

export class MessageDispatchedData extends MessageRoute {
  /** The provider's message id (WhatsApp's `wamid`). */
  @IsString()
  providerMessageId: string;

  @IsISO8601({ strict: true })
  dispatchedAt: string;
}


export class MessageFailedData extends MessageRoute {
  @ValidateNested()
  @Type(() => FailureReason)
  reason: FailureReason;

  @IsISO8601({ strict: true })
  failedAt: string;
}

/** A message Herald holds: neither sent again nor given up, for the reason given, until its outcome is known. */
export class MessageHeldData extends MessageRoute {
  @ValidateNested()
  @Type(() => FailureReason)
  reason: FailureReason;

  @IsISO8601({ strict: true })
  heldAt: string;
}

export const operatorDecisions = ['resend', 'abandon'] as const;
export type OperatorDecision = (typeof operatorDecisions)[number];

/**
 * An operator decided what becomes of a send held as `outcome_unknown`: send it again (it may then reach the
 * customer twice), or give it up (it ends `failed`, `abandoned_by_operator`).
 */
export class MessageDecidedData extends MessageRoute {
  @IsIn(operatorDecisions)
  decision: OperatorDecision;

  @IsISO8601({ strict: true })
  decidedAt: string;
}

/** A provider status report (from a WhatsApp webhook) about an outbound message. */
export class MessageStatusData {
  @IsString()
  providerMessageId: string;

  /** Herald's uuid, when the provider echoed it back (`biz_opaque_callback_data`). */
  @IsOptional()
  @messageUuid()
  messageUuid?: string;

  @IsIn(providerStatuses)
  status: ProviderStatus;

  /** When the provider says the status changed (not when Herald heard of it). */
  @IsISO8601({ strict: true })
  statusAt: string;

  @IsString()
  recipientId: string;

  @IsString()
  phoneNumberId: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => FailureReason)
  failure?: FailureReason;
}

export class MessageRequestedEvent extends EventEnvelope<MessageRequestedData> {
  @ValidateNested()
  @Type(() => MessageRequestedData)
  data: MessageRequestedData;
}

export class MessageApprovedEvent extends EventEnvelope<MessageApprovedData> {
  @ValidateNested()
  @Type(() => MessageApprovedData)
  data: MessageApprovedData;
}

export class MessageRejectedEvent extends EventEnvelope<MessageRejectedData> {
  @ValidateNested()
  @Type(() => MessageRejectedData)
  data: MessageRejectedData;
}

export class InboundMessageEvent extends EventEnvelope<InboundMessageData> {
  @ValidateNested()
  @Type(() => InboundMessageData)
  data: InboundMessageData;
}

export class MessageReadyEvent extends EventEnvelope<MessageReadyData> {
  @ValidateNested()
  @Type(() => MessageReadyData)
  data: MessageReadyData;
}

export class MessageDispatchedEvent extends EventEnvelope<MessageDispatchedData> {
  @ValidateNested()
  @Type(() => MessageDispatchedData)
  data: MessageDispatchedData;
}

export class MessageFailedEvent extends EventEnvelope<MessageFailedData> {
  @ValidateNested()
  @Type(() => MessageFailedData)
  data: MessageFailedData;
}

export class MessageHeldEvent extends EventEnvelope<MessageHeldData> {
  @ValidateNested()
  @Type(() => MessageHeldData)
  data: MessageHeldData;
}

export class MessageDecidedEvent extends EventEnvelope<MessageDecidedData> {
  @ValidateNested()
  @Type(() => MessageDecidedData)
  data: MessageDecidedData;
}

export class MessageStatusEvent extends EventEnvelope<MessageStatusData> {
  @ValidateNested()
  @Type(() => MessageStatusData)
  data: MessageStatusData;
}
