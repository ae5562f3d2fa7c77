import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import type { EnvelopeFields, Topic } from '@herald/contracts';
import { lastValueFrom } from 'rxjs';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

export interface OutgoingEvent<TData> {
  topic: Topic | string;
  key: string;
  event: EnvelopeFields<TData> | Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Publishes events and resolves only once every in-sync replica has them (acks = -1): a caller that was told
 * "published" can promise the message will not be lost.
 */
@Injectable()
export class EventPublisher implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(KAFKA_PRODUCER) private readonly client: ClientKafka) {}

  async onModuleInit(): Promise<void> {
    await this.client.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  async publish<TData>({ topic, key, event, headers }: OutgoingEvent<TData>): Promise<void> {
    await lastValueFrom(this.client.emit(topic, { key, value: JSON.stringify(event), headers }));
  }

  /** Publishes raw bytes (a dead-lettered event keeps the bytes it arrived with). */
  async publishRaw(topic: string, key: Buffer | string | null, value: Buffer | string | null, headers: Record<string, string>) {
    await lastValueFrom(this.client.emit(topic, { key, value, headers }));
  }
}
