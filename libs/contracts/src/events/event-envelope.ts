import { randomUUID } from 'node:crypto';
import { ClassConstructor, Type } from 'class-transformer';
import { Equals, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import type { Topic } from '../topics';

/** The envelope version this code writes and understands. A consumer dead-letters any other version. */
export const EVENT_VERSION = 1;

/**
 * Every event on every topic is an envelope: a version, its own id, the topic it was written for, when it
 * happened, the request that caused it, and the event's data. Concrete events extend it and type `data`.
 */
export abstract class EventEnvelope<TData = unknown> {
  @Equals(EVENT_VERSION, { message: `version must be ${EVENT_VERSION}` })
  version: number;

  @IsUUID()
  id: string;

  @IsString()
  type: string;

  @IsISO8601({ strict: true })
  occurredAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  requestId?: string;

  abstract data: TData;
}

/**
 * The envelope class of one kind of data, for a topic's event to extend (`class MessageFailedEvent extends
 * EnvelopeOf(MessageFailedData) {}`): the data is validated as that class, nested.
 */
export function EnvelopeOf<TData extends object>(dataClass: ClassConstructor<TData>) {
  abstract class Envelope extends EventEnvelope<TData> {
    @ValidateNested()
    @Type(() => dataClass)
    data: TData;
  }
  return Envelope;
}

/** An envelope as it is built for publishing: its `type` is the topic it is written for. */
export interface EnvelopeFields<TTopic extends Topic, TData> {
  version: number;
  id: string;
  type: TTopic;
  occurredAt: string;
  requestId?: string;
  data: TData;
}

/**
 * Builds a new envelope for `data` on `topic`. The data is not checked against the topic here (tests build broken
 * events with it); EventPublisher.publish is where the compiler holds an envelope to its topic's contract.
 */
export function envelope<TTopic extends Topic, TData>(
  topic: TTopic,
  data: TData,
  options: { requestId?: string; occurredAt?: Date } = {},
): EnvelopeFields<TTopic, TData> {
  return {
    version: EVENT_VERSION,
    id: randomUUID(),
    type: topic,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    ...(options.requestId ? { requestId: options.requestId } : {}),
    data,
  };
}
