import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { secretBoxProvider } from '@herald/whatsapp';
import { ChannelsModule } from '../channels/channels.module';
import { MediaLinksService, MediaTransfer } from '../media-links/media-links.service';
import { MediaUploadsRepository } from '../media-links/media-uploads.repository';
import { DispatchController } from './dispatch.controller';
import { Dispatch } from './dispatch.entity';
import { DispatchOutcomesService } from './dispatch-outcomes.service';
import { DispatchQueueRepository } from './dispatch-queue.repository';
import { DispatchQueueService } from './dispatch-queue.service';
import { DispatchService } from './dispatch.service';
import { RateLimiterService } from './rate-limiter.service';
import { SendSlotsRepository } from './send-slots.repository';
import { SendWorkerService } from './send-worker.service';
import { StatusWatermark } from './status-watermark.service';

@Module({
  imports: [TypeOrmModule.forFeature([Dispatch]), ChannelsModule],
  controllers: [DispatchController],
  providers: [
    DispatchService,
    DispatchQueueService,
    DispatchQueueRepository,
    DispatchOutcomesService,
    RateLimiterService,
    SendSlotsRepository,
    SendWorkerService,
    StatusWatermark,
    secretBoxProvider,
    MediaLinksService,
    MediaTransfer,
    MediaUploadsRepository,
  ],
})
export class DispatchModule {}
