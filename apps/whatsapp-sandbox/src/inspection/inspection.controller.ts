import {
  Controller,
  Delete,
  Get,
  NotFoundException,
  Param,
  Query,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import type { RecordedSend, SendReceipt } from '../messages/sent-message.store';
import type { WebhookDeliveryRecord } from '../webhooks/webhook-delivery.log';
import { ListRecordedSendsQueryDto, ListWebhookDeliveriesQueryDto, type ResetResult } from './inspection.dto';
import { InspectionService } from './inspection.service';

/**
 * The sandbox's own API, for tests and people: what was sent, which webhooks went out, and a reset. Not part of
 * the Graph API, so no access token and Nest's usual error answers.
 */
@Controller('_sandbox')
@UsePipes(new ValidationPipe({ whitelist: true }))
export class InspectionController {
  constructor(private readonly inspection: InspectionService) {}

  @Get('messages')
  listSends(@Query() query: ListRecordedSendsQueryDto): { data: RecordedSend[] } {
    return { data: this.inspection.sends.list({ to: query.to, phoneNumberId: query.phone_number_id }) };
  }

  /**
   * Every accepted send as `{wamid, receivedAt, bizOpaqueCallbackData}`, oldest first, with the same filters: what
   * a load test needs to match sends to its messages, without the bodies that make `messages` megabytes long.
   */
  @Get('receipts')
  listReceipts(@Query() query: ListRecordedSendsQueryDto): { data: SendReceipt[] } {
    return { data: this.inspection.sends.receipts({ to: query.to, phoneNumberId: query.phone_number_id }) };
  }

  /** How many sends were accepted: cheap to poll while a benchmark waits for the last one. */
  @Get('stats')
  stats(): { sends: number } {
    return { sends: this.inspection.sends.count() };
  }

  @Get('messages/:wamid')
  findSend(@Param('wamid') wamid: string): RecordedSend {
    const send = this.inspection.sends.find(wamid);
    if (!send)
      throw new NotFoundException(
        `No message with id ${wamid} was sent to the sandbox (or it was reset since)`,
      );
    return send;
  }

  @Delete('messages')
  reset(): ResetResult {
    return this.inspection.reset();
  }

  @Get('webhooks')
  listWebhookDeliveries(@Query() query: ListWebhookDeliveriesQueryDto): { data: WebhookDeliveryRecord[] } {
    return { data: this.inspection.deliveries.list({ wamid: query.wamid }) };
  }
}
