import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateWebhookEndpointDto,
  ListWebhookDeliveriesQueryDto,
  ReplayWebhookDeliveriesDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryListResponseDto,
  WebhookDeliveryViewDto,
  WebhookDeliveryView,
  WebhookEndpointListResponseDto,
  WebhookEndpointViewDto,
  WebhookEndpointView,
  WebhookReplayResponseDto,
} from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { ApiErrors } from '../docs/api-errors';
import { API_KEY_SECURITY } from '../docs/openapi';
import { JsonBodyGuard } from '../http/json-body.guard';
import { WebhookEndpointsService } from './webhook-endpoints.service';

const endpointExample = {
  url: 'https://example.com/herald-webhooks',
  events: ['message.status_changed', 'message.inbound'],
  description: 'Order system',
};

/** Herald's own webhook API: several endpoints per team, each with its event filter, and the delivery log. */
@ApiTags('webhooks')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('webhooks')
export class WebhookEndpointsController {
  constructor(private readonly webhooks: WebhookEndpointsService) {}

  @Post('endpoints')
  @HttpCode(201)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Add an endpoint (Herald extension); its signing secret is in this answer only' })
  @ApiBody({ type: CreateWebhookEndpointDto, examples: { endpoint: { value: endpointExample } } })
  @ApiCreatedResponse({ type: WebhookEndpointViewDto })
  @ApiErrors(
    [400, 'Broken JSON (invalid_json)'],
    [415, 'Not JSON (unsupported_media_type)'],
    [422, 'Not a valid endpoint (validation_failed), or a URL Herald does not deliver to (webhook_url_refused)'],
  )
  create(@Req() request: AuthenticatedRequest, @Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointView> {
    return this.webhooks.create(request.team.teamUuid, body);
  }

  @Get('endpoints')
  @ApiOperation({ summary: "The team's endpoints, oldest first (Herald extension); never their secrets" })
  @ApiOkResponse({ type: WebhookEndpointListResponseDto })
  @ApiErrors()
  async list(@Req() request: AuthenticatedRequest): Promise<{ endpoints: WebhookEndpointView[] }> {
    return { endpoints: await this.webhooks.list(request.team.teamUuid) };
  }

  @Get('endpoints/:uuid')
  @ApiOperation({ summary: 'One endpoint (Herald extension)' })
  @ApiOkResponse({ type: WebhookEndpointViewDto })
  @ApiErrors([404, 'No such endpoint for this team (not_found)'])
  get(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<WebhookEndpointView> {
    return this.webhooks.get(request.team.teamUuid, uuid);
  }

  @Patch('endpoints/:uuid')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Change an endpoint: url, events, description, enabled (Herald extension); enabling it clears why Herald disabled it' })
  @ApiBody({ type: UpdateWebhookEndpointDto, examples: { disable: { value: { enabled: false } }, events: { value: { events: ['message.inbound'] } } } })
  @ApiOkResponse({ type: WebhookEndpointViewDto })
  @ApiErrors(
    [400, 'Broken JSON (invalid_json)'],
    [404, 'No such endpoint for this team (not_found)'],
    [415, 'Not JSON (unsupported_media_type)'],
    [422, 'Not a valid change (validation_failed), or a URL Herald does not deliver to (webhook_url_refused)'],
  )
  update(
    @Req() request: AuthenticatedRequest,
    @Param('uuid') uuid: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointView> {
    return this.webhooks.update(request.team.teamUuid, uuid, body);
  }

  @Delete('endpoints/:uuid')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log (Herald extension)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors([404, 'No such endpoint for this team (not_found)'])
  async remove(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<void> {
    await this.webhooks.remove(request.team.teamUuid, uuid);
  }

  @Post('endpoints/:uuid/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new signing secret, in this answer only; the previous one stays valid for 24 hours (Herald extension)' })
  @ApiOkResponse({ type: WebhookEndpointViewDto })
  @ApiErrors([404, 'No such endpoint for this team (not_found)'])
  rotateSecret(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<WebhookEndpointView> {
    return this.webhooks.rotateSecret(request.team.teamUuid, uuid);
  }

  @Post('endpoints/:uuid/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the endpoint a `ping` event, delivered and logged as any other (Herald extension)' })
  @ApiOkResponse({ type: WebhookDeliveryViewDto, description: 'Queued: its delivery, to follow in the log' })
  @ApiErrors([404, 'No such endpoint for this team (not_found)'])
  test(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<WebhookDeliveryView> {
    return this.webhooks.test(request.team.teamUuid, uuid);
  }

  @Post('endpoints/:uuid/replay')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Deliver again everything the endpoint was sent since a time, with the original event ids (Herald extension)' })
  @ApiBody({ type: ReplayWebhookDeliveriesDto, examples: { since: { value: { since: '2026-11-25T10:00:00Z' } } } })
  @ApiOkResponse({ type: WebhookReplayResponseDto })
  @ApiErrors(
    [400, 'Broken JSON (invalid_json)'],
    [404, 'No such endpoint for this team (not_found)'],
    [415, 'Not JSON (unsupported_media_type)'],
    [422, 'since is not a date-time (validation_failed)'],
  )
  replaySince(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string, @Body() body: ReplayWebhookDeliveriesDto): Promise<{ replayed: number }> {
    return this.webhooks.replaySince(request.team.teamUuid, uuid, body.since);
  }

  @Get('deliveries')
  @ApiOperation({ summary: "The team's deliveries, newest first, a page at a time: attempts, response codes, latency, the next attempt (Herald extension)" })
  @ApiOkResponse({ type: WebhookDeliveryListResponseDto })
  @ApiErrors([404, 'No such endpoint for this team (not_found)'], [422, 'A bad query or cursor (validation_failed)'])
  listDeliveries(
    @Req() request: AuthenticatedRequest,
    @Query() query: ListWebhookDeliveriesQueryDto,
  ): Promise<{ deliveries: WebhookDeliveryView[]; nextCursor: string | null }> {
    return this.webhooks.listDeliveries(request.team.teamUuid, query);
  }

  @Get('deliveries/:id')
  @ApiOperation({ summary: 'One delivery and its attempts (Herald extension)' })
  @ApiOkResponse({ type: WebhookDeliveryViewDto })
  @ApiErrors([404, 'No such delivery for this team (not_found)'])
  delivery(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<WebhookDeliveryView> {
    return this.webhooks.delivery(request.team.teamUuid, id);
  }

  @Post('deliveries/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver the event again, with its original event id and a fresh signature (Herald extension)' })
  @ApiOkResponse({ type: WebhookDeliveryViewDto })
  @ApiErrors([404, 'No such delivery for this team (not_found)'])
  replay(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<WebhookDeliveryView> {
    return this.webhooks.replay(request.team.teamUuid, id);
  }
}
