import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ContactByPhoneResponseDto,
  ContactDeletedResponseDto,
  ContactListResponse,
  ContactListResponseDto,
  ContactMessagesQueryDto,
  ContactMessagesResponse,
  ContactMessagesResponseDto,
  ContactResponseDto,
  ContactView,
  CreateContactDto,
  ListContactsQueryDto,
  UpdateContactDto,
} from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { ApiErrors } from '../docs/api-errors';
import { API_KEY_SECURITY } from '../docs/openapi';
import { JsonBodyGuard } from '../http/json-body.guard';
import { ContactsService } from './contacts.service';

const createExample = {
  source: 'whatsapp',
  identifier: '+31612345678',
  name: 'John Doe',
  tags: ['sales', 'lead'],
  custom_fields: { 'Billing Address': '3 Abbey Rd, London' },
};
const updateExample = { name: 'Joe Doe NEW', tags: ['Call back'], custom_fields: { zipCode: '98765430' }, unassign_user: true };

/**
 * Callbell's contacts API: a team's contacts (made by the first message either way, or here), their tags, custom
 * fields and assignment, the conversation with each, and the right to erasure. Callbell answers one contact as a
 * list of one (`{"contact":[…]}`), but the lookup by phone as the object itself; Herald answers as it does.
 */
@ApiTags('contacts')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('contacts')
export class ContactsApiController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOperation({ summary: "The team's contacts, oldest first, 50 a page (Callbell-compatible; phone, cursor and limit are Herald extensions)" })
  @ApiOkResponse({ type: ContactListResponseDto })
  @ApiErrors([422, 'A bad query or cursor (validation_failed)'])
  list(@Req() request: AuthenticatedRequest, @Query() query: ListContactsQueryDto): Promise<ContactListResponse> {
    return this.contacts.list(request.team, query);
  }

  @Get('phone/:phone')
  @ApiOperation({ summary: 'The contact with this phone number, with or without the plus (Callbell-compatible)' })
  @ApiOkResponse({ type: ContactByPhoneResponseDto })
  @ApiErrors([404, 'The team has no contact with this number (not_found)'], [422, 'Not a phone number (validation_failed)'])
  async byPhone(@Req() request: AuthenticatedRequest, @Param('phone') phone: string): Promise<{ contact: ContactView }> {
    return { contact: await this.contacts.getByPhone(request.team, phone) };
  }

  @Get(':uuid')
  @ApiOperation({ summary: 'One contact (Callbell-compatible)' })
  @ApiOkResponse({ type: ContactResponseDto })
  @ApiErrors([404, 'No such contact for this team (not_found)'])
  async get(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<{ contact: ContactView[] }> {
    return { contact: [await this.contacts.get(request.team, uuid)] };
  }

  @Post()
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Make a contact (Callbell-compatible)' })
  @ApiBody({ type: CreateContactDto, examples: { contact: { value: createExample } } })
  @ApiOkResponse({ type: ContactResponseDto })
  @ApiErrors(
    [400, 'Broken JSON (invalid_json)'],
    [409, 'The team already has a contact with this number (contact_exists)'],
    [415, 'Not JSON (unsupported_media_type)'],
    [422, 'Not a valid contact, an assignee not on the team, or no such channel (validation_failed, channel_not_found)'],
  )
  async create(@Req() request: AuthenticatedRequest, @Body() body: CreateContactDto): Promise<{ contact: ContactView[] }> {
    return { contact: [await this.contacts.create(request.team, body)] };
  }

  @Patch(':uuid')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: "Change a contact's tags, custom fields (merged), name, assignment or note (Callbell-compatible)" })
  @ApiBody({ type: UpdateContactDto, examples: { change: { value: updateExample } } })
  @ApiOkResponse({ type: ContactResponseDto })
  @ApiErrors(
    [400, 'Broken JSON (invalid_json)'],
    [404, 'No such contact for this team (not_found)'],
    [415, 'Not JSON (unsupported_media_type)'],
    [422, 'Not a valid change, or an assignee not on the team (validation_failed)'],
  )
  async update(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string, @Body() body: UpdateContactDto): Promise<{ contact: ContactView[] }> {
    return { contact: [await this.contacts.update(request.team, uuid, body)] };
  }

  @Delete(':uuid')
  @ApiOperation({
    summary:
      "Erase a contact (Callbell-compatible): its row, and the bodies and number of the team's messages with it both ways; the erasure itself is kept in an audit trail",
  })
  @ApiOkResponse({ type: ContactDeletedResponseDto })
  @ApiErrors([404, 'No such contact for this team (not_found)'])
  async erase(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<ContactDeletedResponseDto> {
    await this.contacts.erase(request.team, uuid, String(request.id));
    return { status: 'contact was destroyed' };
  }

  @Get(':uuid/messages')
  @ApiOperation({ summary: 'The conversation with a contact, both ways, newest first (Callbell-compatible; cursor pages and the direction, type and content of each message are Herald extensions)' })
  @ApiOkResponse({ type: ContactMessagesResponseDto })
  @ApiErrors([404, 'No such contact for this team (not_found)'], [422, 'A bad query or cursor (validation_failed)'])
  messages(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string, @Query() query: ContactMessagesQueryDto): Promise<ContactMessagesResponse> {
    return this.contacts.messages(request.team, uuid, query);
  }
}
