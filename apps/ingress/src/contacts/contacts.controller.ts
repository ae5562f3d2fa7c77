import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContactConsentData, ContactConsentDto, ContactConsentResponseDto, contactConsentKey, envelope, Topics } from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { AccountsService } from '../accounts/accounts.service';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { API_KEY_SECURITY } from '../docs/openapi';
import { JsonBodyGuard } from '../http/json-body.guard';

/** A team opts a contact out of its messages (they asked elsewhere), or back in. */
@ApiTags('contacts')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('contacts')
export class ContactsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly publisher: EventPublisher,
  ) {}

  @Post('opt-out')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Opt a contact out: every later message to them is rejected (contact_opted_out)' })
  @ApiOkResponse({ type: ContactConsentResponseDto })
  optOut(@Req() request: AuthenticatedRequest, @Body() body: ContactConsentDto) {
    return this.change(request, body, 'opt_out');
  }

  @Post('opt-in')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Opt a contact back in' })
  @ApiOkResponse({ type: ContactConsentResponseDto })
  optIn(@Req() request: AuthenticatedRequest, @Body() body: ContactConsentDto) {
    return this.change(request, body, 'opt_in');
  }

  private async change(request: AuthenticatedRequest, body: ContactConsentDto, change: 'opt_out' | 'opt_in'): Promise<ContactConsentResponseDto> {
    const channel = await this.accounts.resolveChannel(request.team.teamUuid, { from: 'whatsapp', channel_uuid: body.channel_uuid });
    const at = new Date().toISOString();
    const data: ContactConsentData = { teamUuid: request.team.teamUuid, channelUuid: channel.uuid, phone: body.phone, change, at, source: `api-key:${request.team.apiKeyUuid}` };
    await this.publisher.publish({
      topic: Topics.ContactConsent,
      key: contactConsentKey(data),
      event: envelope(Topics.ContactConsent, data, { requestId: String(request.id) }),
    });
    return { contact: { phone: body.phone, channelUuid: channel.uuid, consent: change === 'opt_out' ? 'opted_out' : 'opted_in', at } };
  }
}
