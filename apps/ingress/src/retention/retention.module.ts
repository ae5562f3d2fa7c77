import { Module } from '@nestjs/common';
import { MessageLedgerRepository } from '@herald/ledger';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository';
import { RetentionService } from './retention.service';

@Module({ providers: [RetentionService, IdempotencyKeysRepository, MessageLedgerRepository] })
export class RetentionModule {}
