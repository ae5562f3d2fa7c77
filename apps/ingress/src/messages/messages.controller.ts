import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { MessageStatusResponse, SendMessageDto, SendMessageResponse } from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { MessagesService } from './messages.service';

@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post('send')
  @HttpCode(200)
  send(@Req() request: AuthenticatedRequest, @Body() body: SendMessageDto): Promise<SendMessageResponse> {
    return this.messages.send(request.team, body, String(request.id));
  }

  @Get('status/:uuid')
  status(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string): Promise<MessageStatusResponse> {
    return this.messages.status(request.team, uuid);
  }
}
