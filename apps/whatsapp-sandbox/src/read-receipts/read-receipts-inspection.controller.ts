import { Controller, Delete, Get, Query, UsePipes, ValidationPipe } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { type ReadReceipt, ReadReceiptsService } from './read-receipts.service';

export class ListReadReceiptsQueryDto {
  @IsOptional()
  @IsString()
  message_id?: string;
}

/**
 * `/_sandbox/read-receipts`: the status updates (`{"status":"read"}` on `/messages`) the sandbox accepted. Not the
 * same as `/_sandbox/receipts`, which lists accepted sends. Not part of the Graph API.
 */
@Controller('_sandbox/read-receipts')
@UsePipes(new ValidationPipe({ whitelist: true }))
export class ReadReceiptsInspectionController {
  constructor(private readonly readReceipts: ReadReceiptsService) {}

  @Get()
  list(@Query() query: ListReadReceiptsQueryDto): { data: ReadReceipt[] } {
    return { data: this.readReceipts.list(query.message_id) };
  }

  @Delete()
  reset(): { cleared: { readReceipts: number } } {
    return { cleared: { readReceipts: this.readReceipts.clear() } };
  }
}
