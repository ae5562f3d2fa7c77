import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { MarkReadDto, SuccessResponseDto } from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { ApiErrors } from '../docs/api-errors';
import { API_KEY_SECURITY } from '../docs/openapi';
import { ReadReceiptsService } from './read-receipts.service';

@ApiTags('messages')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('messages')
export class ReadReceiptsController {
  constructor(private readonly receipts: ReadReceiptsService) {}

  @Post(':uuid/read')
  @HttpCode(200)
  @ApiOperation({
    summary: "Mark a customer's message read, optionally showing them a typing indicator (Herald extension)",
    description:
      "WhatsApp's read receipt (the customer sees blue ticks on it and on their earlier messages) through the channel that received the " +
      'message. With `typing_indicator`, they also see that a reply is being typed, until it is sent or for up to 25 seconds. The body is optional.',
  })
  @ApiParam({ name: 'uuid', description: "The customer's message, as the conversation's messages and the inbound webhooks name it", example: '3f1c9e0a7b2d4c5e8f9a0b1c2d3e4f5a' })
  @ApiBody({ type: MarkReadDto, required: false, examples: { read: { summary: 'Read', value: {} }, typing: { summary: 'Read, and typing', value: { typing_indicator: true } } } })
  @ApiOkResponse({ type: SuccessResponseDto })
  @ApiErrors(
    [404, "No customer's message of the team has this uuid (message_not_found; another team's is as unknown)"],
    [422, "The uuid is one of the team's own messages (message_not_inbound), or the body is not valid (validation_failed)"],
    [502, "WhatsApp could not be reached or refused the channel's token (provider_unavailable)"],
    [503, 'The dispatcher did not answer (service_unavailable)'],
  )
  read(@Req() request: AuthenticatedRequest, @Param('uuid') uuid: string, @Body() body: MarkReadDto): Promise<{ success: true }> {
    return this.receipts.markRead(request.team.teamUuid, uuid, { typingIndicator: body.typing_indicator });
  }
}
