import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
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

  /** sticker only: an animated sticker. */
  @IsOptional()
  @IsBoolean()
  animated?: boolean;

  /** audio only: a voice note recorded in WhatsApp, rather than a file. */
  @IsOptional()
  @IsBoolean()
  voice?: boolean;
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

/** At most this many of a shared card's phones, emails, addresses or URLs are kept; Meta sets no limit. */
export const INBOUND_CONTACT_CARD_MAX_ITEMS = 20;
/** At most this many cards of one `contacts` message are kept. */
export const INBOUND_CONTACT_CARDS_MAX = 20;

const CARD_TEXT = 1024;

export class InboundContactName {
  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  formattedName?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  firstName?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  lastName?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  middleName?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  prefix?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  suffix?: string;
}

export class InboundContactPhone {
  /** As the customer's address book has it (`+1 (983) 555-2319`): not necessarily E.164. */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  phone?: string;

  /** The number's WhatsApp id, when it is on WhatsApp. */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  waId?: string;

  /** CELL, MAIN, HOME, WORK... */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  type?: string;
}

export class InboundContactEmail {
  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  email?: string;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  type?: string;
}

export class InboundContactAddress {
  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  street?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  city?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  state?: string;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  zip?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  country?: string;

  @IsOptional()
  @MaxLength(8)
  @IsString()
  countryCode?: string;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  type?: string;
}

export class InboundContactOrg {
  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  company?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  department?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  title?: string;
}

export class InboundContactUrl {
  @IsOptional()
  @MaxLength(2048)
  @IsString()
  url?: string;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  type?: string;
}

/**
 * A contact card the customer shared (Meta's `contacts` message type). Every part is optional: Meta leaves out what
 * the customer or their phone chose not to share.
 */
export class InboundContactCard {
  @IsOptional()
  @ValidateNested()
  @Type(() => InboundContactName)
  @IsObject()
  name?: InboundContactName;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => InboundContactPhone)
  @IsObject({ each: true })
  @ArrayMaxSize(INBOUND_CONTACT_CARD_MAX_ITEMS)
  @IsArray()
  phones?: InboundContactPhone[];

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => InboundContactEmail)
  @IsObject({ each: true })
  @ArrayMaxSize(INBOUND_CONTACT_CARD_MAX_ITEMS)
  @IsArray()
  emails?: InboundContactEmail[];

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => InboundContactAddress)
  @IsObject({ each: true })
  @ArrayMaxSize(INBOUND_CONTACT_CARD_MAX_ITEMS)
  @IsArray()
  addresses?: InboundContactAddress[];

  @IsOptional()
  @ValidateNested()
  @Type(() => InboundContactOrg)
  @IsObject()
  org?: InboundContactOrg;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => InboundContactUrl)
  @IsObject({ each: true })
  @ArrayMaxSize(INBOUND_CONTACT_CARD_MAX_ITEMS)
  @IsArray()
  urls?: InboundContactUrl[];

  /** YYYY-MM-DD, as the customer's address book has it. */
  @IsOptional()
  @MaxLength(32)
  @IsString()
  birthday?: string;
}

/** The click-to-WhatsApp ad or post the customer came from (Meta's `referral`). */
export class InboundReferral {
  @IsOptional()
  @MaxLength(2048)
  @IsString()
  sourceUrl?: string;

  @IsOptional()
  @MaxLength(256)
  @IsString()
  sourceId?: string;

  /** `ad` or `post`. */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  sourceType?: string;

  @IsOptional()
  @MaxLength(CARD_TEXT)
  @IsString()
  headline?: string;

  @IsOptional()
  @MaxLength(4096)
  @IsString()
  body?: string;

  /** `image` or `video`. */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  mediaType?: string;

  @IsOptional()
  @MaxLength(2048)
  @IsString()
  imageUrl?: string;

  @IsOptional()
  @MaxLength(2048)
  @IsString()
  videoUrl?: string;

  @IsOptional()
  @MaxLength(2048)
  @IsString()
  thumbnailUrl?: string;

  /** The ad click's id, for conversion reporting back to Meta. */
  @IsOptional()
  @MaxLength(1024)
  @IsString()
  ctwaClid?: string;
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

  /** The sender's WhatsApp profile name (the webhook's `contacts[].profile.name` for their wa_id). */
  @IsOptional()
  @MaxLength(256)
  @IsString()
  profileName?: string;

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

  /** The cards of a `contacts` message, those Herald could read. */
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => InboundContactCard)
  @IsObject({ each: true })
  @ArrayMaxSize(INBOUND_CONTACT_CARDS_MAX)
  @IsArray()
  contacts?: InboundContactCard[];

  @IsOptional()
  @ValidateNested()
  @Type(() => InboundReferral)
  @IsObject()
  referral?: InboundReferral;
}

export class InboundMessageEvent extends EnvelopeOf(InboundMessageData) {}
