import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidationArguments,
} from 'class-validator';
import { MessageStatus } from '../messages/message-status';
import { botStatuses, UUID_REFERENCE_PATTERN } from '../messages/send-message.dto';
import { PageQueryDto } from '../pagination';
import { ContactWindowDto } from './contact-window.dto';

/*
 * Callbell's contacts API (`GET|POST /contacts`, `GET|PATCH|DELETE /contacts/:uuid`, `GET /contacts/phone/:number`,
 * `GET /contacts/:uuid/messages`): its requests spelled as Callbell spells them, its contact and message objects in
 * camelCase as Callbell's are. What Herald adds is described as a "Herald extension".
 */

/** How many contacts, or conversation messages, a numbered page holds (Callbell's `page`). */
export const CONTACTS_PAGE_SIZE = 50;
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 100;
export const MAX_CUSTOM_FIELDS = 100;
export const MAX_CUSTOM_FIELD_KEY_LENGTH = 100;
export const MAX_CUSTOM_FIELD_VALUE_LENGTH = 1000;
export const MAX_NOTE_LENGTH = 1000;

/** A phone number as Callbell's examples give one (`5790372023`) or in E.164 (`+5790372023`); spaces and dashes are ignored. */
const CONTACT_PHONE_PATTERN = /^\+?[1-9]\d{6,14}$/;

/** The E.164 form (with the plus) of a contact's phone number as a client wrote it, or null when it is not one. */
export function normalizeContactPhone(raw: string): string | null {
  const compact = raw.replace(/[\s\-().]/g, '');
  if (!CONTACT_PHONE_PATTERN.test(compact)) return null;
  return compact.startsWith('+') ? compact : `+${compact}`;
}

/** A contact's custom field: Callbell's text, number, date, dropdown values (strings or numbers) or checkbox values (strings). */
export type CustomFieldValue = string | number | boolean | string[];

/** `custom_fields`: up to 100 named values, each a string, number, boolean or list of strings. */
function IsCustomFields() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCustomFields',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          const fits = (item: unknown) => typeof item === 'string' && item.length <= MAX_CUSTOM_FIELD_VALUE_LENGTH;
          return (
            entries.length <= MAX_CUSTOM_FIELDS &&
            entries.every(
              ([key, item]) =>
                key.length > 0 &&
                key.length <= MAX_CUSTOM_FIELD_KEY_LENGTH &&
                (fits(item) ||
                  (typeof item === 'number' && Number.isFinite(item)) ||
                  typeof item === 'boolean' ||
                  (Array.isArray(item) && item.length <= MAX_TAGS && item.every(fits))),
            )
          );
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be an object of at most ${MAX_CUSTOM_FIELDS} fields (names of 1-${MAX_CUSTOM_FIELD_KEY_LENGTH} characters), each a string of at most ${MAX_CUSTOM_FIELD_VALUE_LENGTH} characters, a number, a boolean or a list of such strings`,
      },
    });
}

/** A comma-separated list in a query (`a,b`), or the parameter repeated (`?x=a&x=b`). */
const commaSeparated = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter((item) => item.length > 0) : value;

const tagsRules = () => [
  ArrayMaxSize(MAX_TAGS),
  MaxLength(MAX_TAG_LENGTH, { each: true }),
  MinLength(1, { each: true }),
  IsString({ each: true }),
  IsArray(),
];
const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((decorator) => decorator(target, key));

/** `GET /contacts`: Callbell's numbered pages and tag filter, and Herald's phone filter and cursor pages. */
export class ListContactsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1, description: `The page of contacts, ${CONTACTS_PAGE_SIZE} a page, oldest contact first` })
  @IsOptional()
  @Max(1_000_000)
  @Min(1)
  @IsInt({ message: 'page must be a whole number' })
  @Type(() => Number)
  page?: number;

  @ApiPropertyOptional({ example: 'sales,lead', description: 'Comma-separated; case-insensitive; a contact with every one of these tags' })
  @IsOptional()
  @Transform(commaSeparated)
  @applyAll(tagsRules())
  tags?: string[];

  @ApiPropertyOptional({ enum: ['whatsapp'], description: "Callbell's source filter: Herald's contacts are all WhatsApp's" })
  @IsOptional()
  @IsIn(['whatsapp'])
  source?: 'whatsapp';

  @ApiPropertyOptional({ description: "Callbell's team inbox filter: accepted and not used (Herald has no inboxes)" })
  @IsOptional()
  @Matches(UUID_REFERENCE_PATTERN, { message: 'team_uuid must be a team uuid' })
  @IsString()
  team_uuid?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: "Callbell's custom field types: accepted and not used (Herald keeps no field types)" })
  @IsOptional()
  @IsIn(['true', 'false'])
  include_field_types?: 'true' | 'false';

  @ApiPropertyOptional({ example: '+31612345678', description: 'Herald extension: only the contact with this phone number (with or without the plus)' })
  @IsOptional()
  @Matches(CONTACT_PHONE_PATTERN, { message: 'phone must be a phone number, such as +31612345678' })
  @IsString()
  phone?: string;
}

/** `GET /contacts/:uuid/messages`: Callbell's numbered pages, and Herald's cursor pages. */
export class ContactMessagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1, description: `The page of messages, ${CONTACTS_PAGE_SIZE} a page, newest first` })
  @IsOptional()
  @Max(100_000)
  @Min(1)
  @IsInt({ message: 'page must be a whole number' })
  @Type(() => Number)
  page?: number;
}

/** `POST /contacts`: Callbell's request. */
export class CreateContactDto {
  @ApiProperty({ example: '+31612345678', description: "The contact's WhatsApp phone number, with or without the plus" })
  @Matches(CONTACT_PHONE_PATTERN, { message: 'identifier must be a phone number, such as +31612345678' })
  @IsString()
  identifier: string;

  @ApiProperty({ enum: ['whatsapp'] })
  @IsIn(['whatsapp'])
  source: 'whatsapp';

  @ApiProperty({ example: 'John Doe', maxLength: 255 })
  @MaxLength(255)
  @MinLength(1)
  @IsString()
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['Call back', 'Interested'] })
  @IsOptional()
  @applyAll(tagsRules())
  tags?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { 'Billing Address': 'Main Street 1', Features: ['Dark Mode'] } })
  @IsOptional()
  @IsCustomFields()
  custom_fields?: Record<string, CustomFieldValue>;

  @ApiPropertyOptional({ example: 'agent@acme.example', description: 'The email of the team member the contact is assigned to' })
  @IsOptional()
  @IsEmail({}, { message: 'assigned_user must be an email address' })
  @MaxLength(320)
  @IsString()
  assigned_user?: string;

  @ApiPropertyOptional({ description: "The contact's channel (a channel uuid); the team's default WhatsApp channel when omitted" })
  @IsOptional()
  @IsUUID(undefined, { message: 'channel_uuid must be a channel uuid' })
  channel_uuid?: string;

  @ApiPropertyOptional({ description: "Callbell's team inbox: accepted and not used (Herald has no inboxes)" })
  @IsOptional()
  @Matches(UUID_REFERENCE_PATTERN, { message: 'team_uuid must be a team uuid' })
  @IsString()
  team_uuid?: string;

  @ApiPropertyOptional({ enum: botStatuses, description: 'Accepted and not used (Herald has no bots)' })
  @IsOptional()
  @IsIn(botStatuses)
  bot_status?: (typeof botStatuses)[number];

  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH })
  @IsOptional()
  @MaxLength(MAX_NOTE_LENGTH)
  @IsString()
  note?: string;
}

/** `PATCH /contacts/:uuid`: Callbell's request; what is omitted stays as it is. */
export class UpdateContactDto {
  @ApiPropertyOptional({ type: [String], example: ['Call back'], description: "The contact's tags: replaces them all" })
  @IsOptional()
  @applyAll(tagsRules())
  tags?: string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { zipCode: '98765430' }, description: 'Merged into the contact\'s custom fields' })
  @IsOptional()
  @IsCustomFields()
  custom_fields?: Record<string, CustomFieldValue>;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @MaxLength(255)
  @MinLength(1)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ example: 'agent@acme.example' })
  @IsOptional()
  @IsEmail({}, { message: 'assigned_user must be an email address' })
  @MaxLength(320)
  @IsString()
  assigned_user?: string;

  @ApiPropertyOptional({ description: '`true` takes the assignment away' })
  @IsOptional()
  @IsBoolean()
  unassign_user?: boolean;

  @ApiPropertyOptional({ description: "Callbell's team inbox: accepted and not used" })
  @IsOptional()
  @Matches(UUID_REFERENCE_PATTERN, { message: 'team_uuid must be a team uuid' })
  @IsString()
  team_uuid?: string;

  @ApiPropertyOptional({ enum: botStatuses, description: 'Accepted and not used' })
  @IsOptional()
  @IsIn(botStatuses)
  bot_status?: (typeof botStatuses)[number];

  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH, description: 'An empty string clears the note' })
  @IsOptional()
  @MaxLength(MAX_NOTE_LENGTH)
  @IsString()
  note?: string;
}

/** Whether the customer-service window is open, on the policy's clock and rules. */
export type ContactWindow = ContactWindowDto;

/** Callbell's contact object, and Herald's additions. */
export interface ContactView {
  uuid: string;
  name: string;
  phoneNumber: string;
  avatarUrl: null;
  createdAt: string;
  source: 'whatsapp';
  href: string;
  conversationHref: string;
  tags: string[];
  assignedUser: string | null;
  customFields: Record<string, CustomFieldValue>;
  note: string | null;
  channel: { uuid: string } | null;
  profileName: string | null;
  updatedAt: string;
  /** Filled where the policy's answer is wired in; absent until then. */
  window?: ContactWindow;
}

export class ContactChannelDto {
  @ApiProperty({ format: 'uuid' }) uuid: string;
}

export class ContactDto implements ContactView {
  @ApiProperty({ pattern: '^[0-9a-f]{32}$' }) uuid: string;
  @ApiProperty({ example: 'John Doe', description: "The name the team gave, else the customer's WhatsApp profile name, else the phone number" })
  name: string;
  @ApiProperty({ example: '+31612345678' }) phoneNumber: string;
  @ApiProperty({ nullable: true, type: String, example: null }) avatarUrl: null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: ['whatsapp'] }) source: 'whatsapp';
  @ApiProperty({ example: '/contacts/414a6d692bd645ed803f2e7ce360d4c8', description: "The contact in Herald's API" }) href: string;
  @ApiProperty({ example: '/contacts/414a6d692bd645ed803f2e7ce360d4c8/messages', description: "The conversation in Herald's API" })
  conversationHref: string;
  @ApiProperty({ type: [String], example: ['sales', 'lead'] }) tags: string[];
  @ApiProperty({ nullable: true, type: String, example: 'agent@acme.example' }) assignedUser: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { 'Billing Address': '3 Abbey Rd, London' } })
  customFields: Record<string, CustomFieldValue>;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: ContactChannelDto, description: 'The channel of the last message either way' })
  channel: ContactChannelDto | null;
  @ApiProperty({ nullable: true, type: String, description: "Herald extension: the customer's WhatsApp profile name" })
  profileName: string | null;
  @ApiProperty({ format: 'date-time', description: 'Herald extension' }) updatedAt: string;
  @ApiPropertyOptional({ type: ContactWindowDto, description: "Herald extension: the customer-service window, as the policy judges it" })
  window?: ContactWindowDto;
}

/** `GET|PATCH /contacts/:uuid` and `POST /contacts`: Callbell answers the contact in a list of one. */
export class ContactResponseDto {
  @ApiProperty({ type: [ContactDto] }) contact: ContactDto[];
}

/** `GET /contacts/phone/:number`: Callbell answers the contact itself. */
export class ContactByPhoneResponseDto {
  @ApiProperty({ type: ContactDto }) contact: ContactDto;
}

export class ContactListResponseDto {
  @ApiProperty({ type: [ContactDto] }) contacts: ContactDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Herald extension: pass as cursor for the next page; null on the last one' })
  nextCursor: string | null;
}

export interface ContactListResponse {
  contacts: ContactView[];
  nextCursor: string | null;
}

export class ContactDeletedResponseDto {
  @ApiProperty({ example: 'contact was destroyed' }) status: 'contact was destroyed';
}

export const messageDirections = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof messageDirections)[number];

/** A message of a conversation, either way: Callbell's message object, and Herald's additions. */
export interface ConversationMessageView {
  uuid: string;
  text: string | null;
  createdAt: string;
  /** `received` for the customer's messages; the Herald status of the team's. */
  status: MessageStatus | 'received';
  channel: 'whatsapp';
  /** The customer's phone number on their side; the channel's uuid on Herald's. */
  from: string;
  to: string;
  direction: MessageDirection;
  type: string;
  content: Record<string, unknown>;
  channelUuid: string;
  providerMessageId: string | null;
}

export class ConversationMessageDto implements ConversationMessageView {
  @ApiProperty({ pattern: '^[0-9a-f]{32}$' }) uuid: string;
  @ApiProperty({ nullable: true, type: String, description: "The message's text, caption or, for a template, its rendered text" }) text: string | null;
  @ApiProperty({ format: 'date-time', description: "When it was sent: the customer's message by WhatsApp's clock, the team's when Herald accepted it" })
  createdAt: string;
  @ApiProperty({ enum: [...Object.values(MessageStatus), 'received'] }) status: MessageStatus | 'received';
  @ApiProperty({ enum: ['whatsapp'] }) channel: 'whatsapp';
  @ApiProperty({ description: "The customer's phone number, or the channel's uuid for the team's messages" }) from: string;
  @ApiProperty({ description: "The customer's phone number, or the channel's uuid for the customer's messages" }) to: string;
  @ApiProperty({ enum: messageDirections, description: 'Herald extension' }) direction: MessageDirection;
  @ApiProperty({ example: 'text', description: "Herald extension: WhatsApp's type of a customer's message, the request's type of the team's" }) type: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Herald extension: the details (a customer's media, location, reply, reaction...; the request's content of the team's)",
  })
  content: Record<string, unknown>;
  @ApiProperty({ format: 'uuid', description: 'Herald extension' }) channelUuid: string;
  @ApiProperty({ nullable: true, type: String, description: "Herald extension: WhatsApp's message id" }) providerMessageId: string | null;
}

export class ContactMessagesResponseDto {
  @ApiProperty({ type: [ConversationMessageDto] }) messages: ConversationMessageDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Herald extension: pass as cursor for the next page; null on the last one' })
  nextCursor: string | null;
}

export interface ContactMessagesResponse {
  messages: ConversationMessageView[];
  nextCursor: string | null;
}
