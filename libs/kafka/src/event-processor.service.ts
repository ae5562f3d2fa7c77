import { Injectable, Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { checkContract, EVENT_VERSION, FieldProblem } from '@herald/contracts';
import { ClassConstructor } from 'class-transformer';
import { EventPublisher } from './event-publisher.service';
import { isTransientFailure } from './transient-failure';

/** An event that can never be processed, whatever the retries: it goes to the dead-letter topic at once. */
export class PoisonEventError extends Error {
  constructor(
    readonly reason: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(problems.length ? `${reason}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}` : reason);
    this.name = 'PoisonEventError';
  }
}

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

const defaultRetry: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Runs a Kafka event handler the one way Herald handles events: decode and validate the envelope against its
 * contract, run the work, retry a failing attempt with backoff a bounded number of times, and send what cannot
 * be processed to `<topic>.dead-letter` with the original bytes and the reason. It never throws, so the consumer
 * commits the offset and moves on instead of redelivering the same event forever; the returned promise settles
 * only once the work is durable, so the offset is committed after it and not before.
 */
@Injectable()
export class EventProcessor {
  private readonly logger = new Logger(EventProcessor.name);

  constructor(private readonly publisher: EventPublisher) {}

  async process<TEvent extends object>(
    context: KafkaContext,
    contract: ClassConstructor<TEvent>,
    work: (event: TEvent) => Promise<unknown>,
    retry: RetryPolicy = defaultRetry,
  ): Promise<void> {
    const message = context.getMessage();
    const topic = context.getTopic();
    let event: TEvent;
    try {
      event = decodeEvent(contract, message.value as unknown as Buffer | null);
    } catch (error) {
      await this.deadLetter(context, error);
      return;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await work(event);
        return;
      } catch (error) {
        // An outage (database or broker unreachable) is waited out however long it lasts, the partition held:
        // dead-lettering then would lose the message. Only work that keeps failing by itself is set aside.
        const outage = isTransientFailure(error);
        if (error instanceof PoisonEventError || (!outage && attempt >= retry.attempts)) {
          await this.deadLetter(context, error);
          return;
        }
        const delay = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (Math.min(attempt, 20) - 1)) * (0.5 + Math.random() / 2);
        this.logger.warn(
          `${topic}@${context.getPartition()}:${message.offset}${describeEvent(event)} attempt ${attempt} failed, retrying in ${Math.round(delay)} ms: ${describe(error)}`,
        );
        await sleep(delay);
        // Long retries must not cost the consumer its place in the group.
        await context.getHeartbeat()();
      }
    }
  }

  private async deadLetter(context: KafkaContext, error: unknown): Promise<void> {
    const message = context.getMessage();
    const topic = context.getTopic();
    const reason = describe(error);
    this.logger.error(`${topic}@${context.getPartition()}:${message.offset} dead-lettered: ${reason}`);
    const headers: Record<string, string> = {
      ...stringHeaders(message.headers),
      'x-dead-letter-reason': reason,
      'x-dead-letter-topic': topic,
      'x-dead-letter-partition': String(context.getPartition()),
      'x-dead-letter-offset': String(message.offset),
      'x-dead-letter-at': new Date().toISOString(),
    };
    // If the dead-letter topic cannot be written either, throwing keeps the offset uncommitted: nothing is lost.
    await this.publisher.publishRaw(`${topic}.dead-letter`, message.key as Buffer | null, message.value as Buffer | null, headers);
  }
}

/** Bytes -> JSON -> a validated contract instance, or a PoisonEventError saying why not. */
export function decodeEvent<TEvent extends object>(contract: ClassConstructor<TEvent>, value: Buffer | null): TEvent {
  if (value === null || value.length === 0) throw new PoisonEventError('empty event');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw new PoisonEventError('event is not valid JSON');
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if (version !== EVENT_VERSION) {
    throw new PoisonEventError(`unknown event version ${JSON.stringify(version)}; this service reads version ${EVENT_VERSION}`);
  }
  const check = checkContract(contract, parsed);
  if (!check.ok) throw new PoisonEventError('event does not match its contract', check.problems);
  return check.value;
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {})
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, Buffer.isBuffer(value) ? value.toString('utf8') : String(value)]),
  );
}

/** The message uuid and request id an event is about, for its log lines. */
function describeEvent(event: object): string {
  const { requestId, data } = event as { requestId?: string; data?: { messageUuid?: string } };
  return `${data?.messageUuid ? ` message ${data.messageUuid}` : ''}${requestId ? ` request ${requestId}` : ''}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
