import { Injectable, Logger } from '@nestjs/common';
import {
  CONTACTS_PAGE_SIZE,
  ContactListResponse,
  ContactMessagesQueryDto,
  ContactMessagesResponse,
  contactErasedKey,
  ContactErasedData,
  ContactView,
  CreateContactDto,
  envelope,
  ErrorCodes,
  ListContactsQueryDto,
  MESSAGE_UUID_PATTERN,
  normalizeContactPhone,
  Topics,
  UpdateContactDto,
} from '@herald/contracts';
import { encodeEvent } from '@herald/kafka';
import { Contact, ContactsRepository, ConversationRepository, Erasure } from '@herald/ledger';
import { AccountsService, AuthenticatedTeam } from '../accounts/accounts.service';
import { HeraldError } from '../http/herald-error';
import { decodeCursor, encodeCursor } from '../messages/list-cursor';
import { ContactErasureRepository } from './contact-erasure.repository';
import { PolicyWindows } from './contact-windows.service';
import { toContactView, toConversationMessageView } from './contact.view';

/** Opaque to clients: where a page of contacts stopped (the last one's place in the order they were made). */
export function encodeContactCursor(seq: string): string {
  return Buffer.from(`contacts:${seq}`).toString('base64url');
}

export function decodeContactCursor(cursor: string): string {
  const match = /^contacts:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match) return match[1];
  throw new HeraldError(ErrorCodes.ValidationFailed, 'The cursor is not one this API gave out', [
    { field: 'cursor', problem: 'must be the nextCursor of a previous page' },
  ]);
}

/** Numbered pages (Callbell's) or cursor pages (Herald's), not both at once. */
function oneWayOfPaging(query: { page?: number; cursor?: string }): void {
  if (query.page !== undefined && query.cursor !== undefined) {
    throw new HeraldError(ErrorCodes.ValidationFailed, 'The query is not valid', [{ field: 'cursor', problem: 'cannot be given with page' }]);
  }
}

/**
 * Callbell's contacts API over the ledger's contacts (libs/ledger). A team sees only its own: another team's
 * contact, or its conversation, is as unknown as one that never existed.
 */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationRepository,
    private readonly windows: PolicyWindows,
    private readonly erasures: ContactErasureRepository,
  ) {}

  async list(team: AuthenticatedTeam, query: ListContactsQueryDto): Promise<ContactListResponse> {
    oneWayOfPaging(query);
    const limit = query.limit ?? CONTACTS_PAGE_SIZE;
    const rows = await this.contacts.list(team.teamUuid, {
      tags: query.tags,
      phone: query.phone ? (normalizeContactPhone(query.phone) ?? undefined) : undefined,
      afterSeq: query.cursor ? decodeContactCursor(query.cursor) : undefined,
      offset: query.page ? (query.page - 1) * limit : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { contacts: await this.withWindows(team, page), nextCursor: rows.length > limit && last ? encodeContactCursor(last.seq) : null };
  }

  async get(team: AuthenticatedTeam, uuid: string): Promise<ContactView> {
    const [view] = await this.withWindows(team, [await this.found(team, uuid)]);
    return view;
  }

  async getByPhone(team: AuthenticatedTeam, raw: string): Promise<ContactView> {
    const phone = normalizeContactPhone(raw);
    if (!phone) {
      throw new HeraldError(ErrorCodes.ValidationFailed, 'Not a phone number', [{ field: 'phone', problem: 'must be a phone number, such as +31612345678' }]);
    }
    const contact = await this.contacts.findByPhone(team.teamUuid, phone);
    if (!contact) throw new HeraldError(ErrorCodes.NotFound, `No contact with phone number ${phone}`);
    const [view] = await this.withWindows(team, [contact]);
    return view;
  }

  async create(team: AuthenticatedTeam, body: CreateContactDto): Promise<ContactView> {
    const phone = normalizeContactPhone(body.identifier) as string;
    const channel = body.channel_uuid ? await this.accounts.resolveChannel(team.teamUuid, { from: 'whatsapp', channel_uuid: body.channel_uuid }) : null;
    const assignedUser = body.assigned_user ? await this.member(team, body.assigned_user) : null;
    const contact = await this.contacts.create({
      teamUuid: team.teamUuid,
      phone,
      name: body.name,
      tags: body.tags,
      customFields: body.custom_fields,
      assignedUser,
      note: body.note || null,
      channelUuid: channel?.uuid ?? null,
    });
    if (!contact) throw new HeraldError(ErrorCodes.ContactExists, `The team already has a contact with phone number ${phone}`);
    return toContactView(contact);
  }

  async update(team: AuthenticatedTeam, uuid: string, body: UpdateContactDto): Promise<ContactView> {
    if (body.unassign_user && body.assigned_user) {
      throw new HeraldError(ErrorCodes.ValidationFailed, 'The request is not valid', [{ field: 'unassign_user', problem: 'cannot be true beside assigned_user' }]);
    }
    await this.found(team, uuid);
    const assignedUser = body.assigned_user ? await this.member(team, body.assigned_user) : body.unassign_user ? null : undefined;
    const contact = await this.contacts.update(team.teamUuid, uuid, {
      name: body.name,
      tags: body.tags,
      customFields: body.custom_fields,
      assignedUser,
      note: body.note === undefined ? undefined : body.note || null,
    });
    if (!contact) throw new HeraldError(ErrorCodes.NotFound, `No contact ${uuid}`);
    return toContactView(contact);
  }

  /**
   * The right to erasure: see ContactsRepository.erase. `contact.erased` goes out through the outbox, committed with
   * the erasure, so the services that keep the contact's messages elsewhere hear of it whenever Kafka is up. The log
   * names the contact by its uuid only.
   */
  async erase(team: AuthenticatedTeam, uuid: string, requestId: string): Promise<void> {
    const tell = ({ phone, erasedAt }: Erasure) => {
      const data: ContactErasedData = { teamUuid: team.teamUuid, contactUuid: uuid, phone, erasedAt: erasedAt.toISOString() };
      return encodeEvent({ topic: Topics.ContactErased, key: contactErasedKey(data), event: envelope(Topics.ContactErased, data, { requestId }) });
    };
    const erased = MESSAGE_UUID_PATTERN.test(uuid) ? await this.erasures.erase(team.teamUuid, uuid, `api-key:${team.apiKeyUuid}`, tell) : null;
    if (erased === null) throw new HeraldError(ErrorCodes.NotFound, `No contact ${uuid}`);
    this.logger.log(`contact ${uuid} erased with ${erased} messages' bodies, at the request of api key ${team.apiKeyUuid}`);
  }

  /** The conversation with the contact, both ways, newest first: numbered pages or cursor pages. */
  async messages(team: AuthenticatedTeam, uuid: string, query: ContactMessagesQueryDto): Promise<ContactMessagesResponse> {
    oneWayOfPaging(query);
    const contact = await this.found(team, uuid);
    const limit = query.limit ?? CONTACTS_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const entries = await this.conversations.page(team.teamUuid, {
      direction: 'both',
      phone: contact.phone,
      after: after ? { at: after.createdAt, uuid: after.uuid } : undefined,
      offset: query.page ? (query.page - 1) * limit : undefined,
      limit: limit + 1,
    });
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return {
      messages: page.map(toConversationMessageView),
      nextCursor: entries.length > limit && last ? encodeCursor({ createdAt: last.at, uuid: last.message.uuid }) : null,
    };
  }

  /**
   * The contacts with their windows on the channel they last spoke through (the team's default WhatsApp channel
   * for one that has not spoken yet), as the policy judges them now. A contact is still answered while the policy
   * is out of reach, without its window.
   */
  private async withWindows(team: AuthenticatedTeam, contacts: Contact[]): Promise<ContactView[]> {
    const views = contacts.map(toContactView);
    if (contacts.length === 0) return views;
    try {
      const fallback = contacts.some((contact) => !contact.channelUuid)
        ? (await this.accounts.resolveChannel(team.teamUuid, { from: 'whatsapp' }).catch(() => null))?.uuid
        : undefined;
      const asked = contacts.flatMap((contact, index) => {
        const channelUuid = contact.channelUuid ?? fallback;
        return channelUuid ? [{ index, channelUuid, phone: contact.phone }] : [];
      });
      const windows = await this.windows.windowsOf(asked);
      asked.forEach(({ index }, at) => (views[index].window = windows[at]));
    } catch (error) {
      this.logger.warn(`contacts answered without their windows: ${(error as Error).message}`);
    }
    return views;
  }

  private async found(team: AuthenticatedTeam, uuid: string): Promise<Contact> {
    const contact = MESSAGE_UUID_PATTERN.test(uuid) ? await this.contacts.findForTeam(team.teamUuid, uuid) : null;
    if (!contact) throw new HeraldError(ErrorCodes.NotFound, `No contact ${uuid}`);
    return contact;
  }

  /** Only a member of the team is an assignee, as Callbell allows only its users. */
  private async member(team: AuthenticatedTeam, email: string): Promise<string> {
    if (!(await this.accounts.isMember(team.teamUuid, email))) {
      throw new HeraldError(ErrorCodes.ValidationFailed, 'The request is not valid', [{ field: 'assigned_user', problem: 'must be a member of the team' }]);
    }
    return email.toLowerCase();
  }
}
