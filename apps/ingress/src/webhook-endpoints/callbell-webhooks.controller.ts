import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallbellSubscribeDto,
  CallbellUnsubscribeResponseDto,
  CallbellWebhook,
  CallbellWebhookEventsQueryDto,
  CallbellWebhookEventsResponse,
  CallbellWebhookEventsResponseDto,
  CallbellWebhookResponseDto,
} from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { ApiErrors } from '../docs/api-errors';
import { API_KEY_SECURITY } from '../docs/openapi';
import { JsonBodyGuard } from '../http/json-body.guard';
import { CallbellWebhooksService } from './callbell-webhooks.service';

/** Callbell's webhooks API, answering as Callbell documents it, over the team's one `callbell` endpoint. */
@ApiTags('webhooks')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('webhooks')
export class CallbellWebhooksController {
  constructor(private readonly callbell: CallbellWebhooksService) {}

  @Post('subscribe')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: "Create or update the team's one Callbell-style webhook (Callbell-compatible)" })
  @ApiBody({
    type: CallbellSubscribeDto,
    examples: { subscribe: { value: { url: 'https://my-app.com/my-webhook-endpoint', subscriptions: ['message_created', 'message_status_updated'] } } },
  })
  @ApiOkResponse({ type: CallbellWebhookResponseDto })
  @ApiErrors(
    [400, 'Broken JSON (invalid_json)'],
    [415, 'Not JSON (unsupported_media_type)'],
    [422, 'Not a valid subscription, or an event Herald does not send (validation_failed), or a URL Herald does not deliver to (webhook_url_refused)'],
  )
  subscribe(@Req() request: AuthenticatedRequest, @Body() body: CallbellSubscribeDto): Promise<{ webhook: CallbellWebhook }> {
    return this.callbell.subscribe(request.team.teamUuid, body);
  }

  @Delete('unsubscribe')
  @HttpCode(200)
  @ApiOperation({ summary: "Delete the team's Callbell-style webhook (Callbell-compatible)" })
  @ApiOkResponse({ type: CallbellUnsubscribeResponseDto })
  @ApiErrors([404, 'The team has no Callbell-style webhook (not_found)'])
  unsubscribe(@Req() request: AuthenticatedRequest): Promise<{ status: string }> {
    return this.callbell.unsubscribe(request.team.teamUuid);
  }

  @Get('events')
  @ApiOperation({ summary: "The Callbell-style webhook's deliveries, newest first, by page (Callbell-compatible)" })
  @ApiOkResponse({ type: CallbellWebhookEventsResponseDto })
  @ApiErrors([422, 'A bad query, or an event Herald does not send (validation_failed)'])
  events(@Req() request: AuthenticatedRequest, @Query() query: CallbellWebhookEventsQueryDto): Promise<CallbellWebhookEventsResponse> {
    return this.callbell.events(request.team.teamUuid, query);
  }
}
