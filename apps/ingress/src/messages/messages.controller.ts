import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  contractExamples,
  extensionExamples,
  ListMessagesQueryDto,
  MessageListResponse,
  MessageListResponseDto,
  MessageStatusResponse,
  MessageStatusResponseDto,
  SendMessageDto,
  SendMessageResponse,
  SendMessageResponseDto,
  templateComponentExamples,
  ValidationVerdictDto,
} from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { ApiErrors } from '../docs/api-errors';
import { API_KEY_SECURITY } from '../docs/openapi';
import { JsonBodyGuard } from '../http/json-body.guard';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post('send')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Send a message (Callbell-compatible)' })
  @ApiBody({
    type: SendMessageDto,
    examples: {
      ...Object.fromEntries(Object.entries(contractExamples).map(([name, value]) => [name, { summary: name, value }])),
      ...Object.fromEntries(
        Object.entries({ ...extensionExamples, ...templateComponentExamples }).map(([name, value]) => [name, { summary: `${name} (Herald extension)`, value }]),
      ),
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Up to 255 characters. The same key and body within 24 h answer the same uuid and never enqueue twice; the same key with another body is a 409.',
  })
  @ApiOkResponse({ type: SendMessageResponseDto, description: 'Accepted: Kafka has the message' })
  @ApiErrors(
    [400, 'Broken JSON or a bad header (invalid_json, invalid_header)'],
    [409, 'The Idempotency-Key was used with another body (idempotency_conflict)'],
    [413, 'The body is too large (payload_too_large)'],
    [415, 'The body is not JSON (unsupported_media_type)'],
    [422, 'Not a valid message, or no such channel (validation_failed, channel_not_found)'],
    [503, 'Kafka did not confirm the message; retry with the same Idempotency-Key to have it sent once (service_unavailable)'],
  )
  send(
    @Req() request: AuthenticatedRequest,
    @Body() body: SendMessageDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SendMessageResponse> {
    return this.messages.send(request.team, body, { requestId: String(request.id), idempotencyKey });
  }

  @Post('validate')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({
    summary: 'Dry run: would this message be sent now, and if not, why? Nothing is sent',
    description:
      "Herald extension: `window` says whether the recipient's 24-hour customer-service window is open and when it closes " +
      '(`closesAt`, 24 hours after their last message; null if they never wrote), judged as the send would be.',
  })
  @ApiBody({ type: SendMessageDto })
  @ApiOkResponse({ type: ValidationVerdictDto })
  @ApiErrors([400, 'Broken JSON (invalid_json)'], [415, 'Not JSON (unsupported_media_type)'], [422, 'Not a valid message (validation_failed, channel_not_found)'], [503, 'The policy service did not answer (service_unavailable)'])
  validate(@Req() request: AuthenticatedRequest, @Body() body: SendMessageDto): Promise<ValidationVerdictDto> {
    return this.messages.validate(request.team, body);
  }

  @Get('status/:uuid')
  @ApiOperation({ summary: "A message's status and history" })
  @ApiOkResponse({ type: MessageStatusResponseDto })
  @ApiErrors([404, 'No such message for this team (not_found)'])
  status(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<MessageStatusResponse> {
    return this.messages.status(request.team, uuid);
  }

  @Get()
  @ApiOperation({ summary: "The team's messages, newest first, a page at a time: both ways unless `direction` says (Herald extension)" })
  @ApiOkResponse({ type: MessageListResponseDto })
  @ApiErrors([422, 'A bad query or cursor (validation_failed)'])
  list(@Req() request: AuthenticatedRequest, @Query() query: ListMessagesQueryDto): Promise<MessageListResponse> {
    return this.messages.list(request.team, query);
  }
}
