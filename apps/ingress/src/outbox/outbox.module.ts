import { Module } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';

@Module({ providers: [OutboxRelay, OutboxRepository], exports: [OutboxRelay, OutboxRepository] })
export class OutboxModule {}
