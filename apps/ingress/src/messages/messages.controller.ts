import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import {
  ListMessagesQueryDto,
  MessageListResponse,
  MessageStatusResponse,
  SendMessageDto,
  SendMessageResponse,
} from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { JsonBodyGuard } from '../http/json-body.guard';
import { MessagesService } from './messages.service';

@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post('send')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  send(
    @Req() request: AuthenticatedRequest,
    @Body() body: SendMessageDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SendMessageResponse> {
    return this.messages.send(request.team, body, { requestId: String(request.id), idempotencyKey });
  }

  @Get('status/:uuid')
  status(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<MessageStatusResponse> {
    return this.messages.status(request.team, uuid);
  }

  @Get()
  list(@Req() request: AuthenticatedRequest, @Query() query: ListMessagesQueryDto): Promise<MessageListResponse> {
    return this.messages.list(request.team, query);
  }
}
