import { Module } from '@nestjs/common';
import { WebhookDeliveriesRepository } from '@herald/webhooks';
import { RetentionService } from './retention.service';

@Module({ providers: [WebhookDeliveriesRepository, RetentionService] })
export class RetentionModule {}
