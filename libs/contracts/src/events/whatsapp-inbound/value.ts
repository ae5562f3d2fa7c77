import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';

/*
 * The details of a customer's message, in Meta's terms (`messages[]` of the webhook) in camelCase. Each detail is
 * optional and checked on its own at the ingress: one Herald cannot read is left out, never the message.
 */

/** An image, document, audio, video or sticker: Meta's media id, to download it with the channel's token. */
export class InboundMedia {
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  id: string;

  @IsOptional()
  @MaxLength(255)
  @IsString()
  mimeType?: string;

  @IsOptional()
  @MaxLength(128)
  @IsString()
  sha256?: string;

  /** image, document and video only. */
  @IsOptional()
  @MaxLength(4096)
  @IsString()
  caption?: string;

  /** document only. */
  @IsOptional()
  @MaxLength(1024)
  @IsString()
  filename?: string;
}

export class InboundLocation {
  @Max(90)
  @Min(-90)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  latitude: number;

  @Max(180)
  @Min(-180)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  longitude: number;

  @IsOptional()
  @MaxLength(1024)
  @IsString()
  name?: string;

  @IsOptional()
  @MaxLength(1024)
  @IsString()
  address?: string;
}

/**
 * `button`: a template's quick reply (Meta's `button`, its payload as `id`, its text as `title`);
 * `button_reply` and `list_reply`: an interactive message's reply button or list row.
 */
export const inboundReplyKinds = ['button', 'button_reply', 'list_reply'] as const;
export type InboundReplyKind = (typeof inboundReplyKinds)[number];

export class InboundReply {
  @IsIn(inboundReplyKinds)
  kind: InboundReplyKind;

  @IsOptional()
  @MaxLength(1024)
  @IsString()
  id?: string;

  @IsOptional()
  @MaxLength(1024)
  @IsString()
  title?: string;

  /** list_reply only. */
  @IsOptional()
  @MaxLength(1024)
  @IsString()
  description?: string;
}

/** The message the customer replied to, or quoted. */
export class InboundContext {
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  providerMessageId: string;
}

export class InboundReaction {
  /** The message reacted to. */
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  providerMessageId: string;

  /** Absent when the customer took their reaction back: Meta then sends none. */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  emoji?: string;
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

  /** Meta's message type: `text`, `image`, `location`, `button`, `interactive`, `reaction`... */
  @IsString()
  type: string;

  /** The text's body; for a reply button or list row, its title, so a quick reply's STOP counts as one typed. */
  @IsOptional()
  @IsString()
  text?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => InboundMedia)
  @IsObject()
  media?: InboundMedia;

  @IsOptional()
  @ValidateNested()
  @Type(() => InboundLocation)
  @IsObject()
  location?: InboundLocation;

  @IsOptional()
  @ValidateNested()
  @Type(() => InboundReply)
  @IsObject()
  reply?: InboundReply;

  @IsOptional()
  @ValidateNested()
  @Type(() => InboundContext)
  @IsObject()
  context?: InboundContext;

  @IsOptional()
  @ValidateNested()
  @Type(() => InboundReaction)
  @IsObject()
  reaction?: InboundReaction;
}

export class InboundMessageEvent extends EnvelopeOf(InboundMessageData) {}
