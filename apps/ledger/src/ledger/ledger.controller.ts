import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { deadLetterTopic, E164_PATTERN, MESSAGE_UUID_PATTERN, Topics } from '@herald/contracts';
import { DeadLetterHeaders, EventProcessor, KafkaBatch, parseQuietly, untilAvailable } from '@herald/kafka';
import { ConversationsService, RequestedContact } from '../conversations/conversations.service';
import { DeadLetteredMessage, LedgerService } from './ledger.service';

/**
 * The ledger follows the events that change what it stores (not `message.approved`: an approval changes nothing a
 * client sees), a batch at a time.
 */
@Controller()
export class LedgerController {
  private readonly logger = new Logger(LedgerController.name);

  constructor(
    private readonly events: EventProcessor,
    private readonly ledger: LedgerService,
    private readonly conversations: ConversationsService,
  ) {}

  /**
   * The ingress wrote the rows of the requests it accepted, with their events: those are passed over before their
   * contract check, the costliest of all (the whole request). Only requests published straight to Kafka are
   * recorded, and all of them should the lookup fail (recording is idempotent).
   */
  @EventPattern(Topics.MessageRequested)
  async requested(@Ctx() batch: KafkaBatch) {
    const parsed = batch.messages.map((message) => parseQuietly(message.value)?.data);
    const named = parsed.flatMap((data) => {
      const messageUuid = data?.messageUuid;
      return typeof messageUuid === 'string' && MESSAGE_UUID_PATTERN.test(messageUuid) ? [messageUuid] : [];
    });
    // Every request makes its contact, the ones passed over below included, before the batch is let go of.
    await untilAvailable(
      () => this.conversations.touchRequested(parsed.flatMap(requestedContact)),
      (error, delayMs) => this.logger.warn(`contacts of requests not made yet, retrying in ${Math.round(delayMs)} ms: ${(error as Error).message}`),
    ).catch((error: unknown) => this.logger.warn(`contacts of ${batch.messages.length} requests not made: ${(error as Error).message}`));
    const recorded = await this.ledger.recorded(named).catch((error: unknown) => {
      this.logger.warn(`requests recorded again, their rows could not be looked up: ${(error as Error).message}`);
      return new Set<string>();
    });
    return this.events.process(batch, Topics.MessageRequested, (events) => this.ledger.recordRequested(events.map((event) => event.data)), {
      ignore: (event) => typeof event.data?.messageUuid === 'string' && recorded.has(event.data.messageUuid),
    });
  }

  @EventPattern(Topics.MessageReady)
  ready(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageReady, (events) => this.ledger.recordReady(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageDispatched)
  dispatched(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageDispatched, (events) => this.ledger.recordDispatched(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageFailed)
  failed(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageFailed, (events) => this.ledger.recordFailed(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageHeld)
  held(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageHeld, (events) => this.ledger.recordHeld(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageRejected)
  rejected(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageRejected, (events) => this.ledger.recordRejected(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageStatus)
  status(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageStatus, (events) => this.ledger.recordProviderStatus(events.map((event) => event.data)));
  }

  // The topics whose dead letters stop a message on its way: its request, its approval, its rendering.
  @EventPattern(deadLetterTopic(Topics.MessageRequested))
  requestedDeadLettered(@Ctx() batch: KafkaBatch) {
    return this.deadLettered(batch);
  }

  @EventPattern(deadLetterTopic(Topics.MessageApproved))
  approvedDeadLettered(@Ctx() batch: KafkaBatch) {
    return this.deadLettered(batch);
  }

  @EventPattern(deadLetterTopic(Topics.MessageReady))
  readyDeadLettered(@Ctx() batch: KafkaBatch) {
    return this.deadLettered(batch);
  }

  /**
   * Dead letters hold whatever bytes could not be processed, so they are read as they are, not through a contract:
   * those that name a message mark it held. The database being away is waited out; any other failure leaves the
   * message's status as it was (the dead letter itself stays listable) rather than stopping the consumer.
   */
  private async deadLettered(batch: KafkaBatch): Promise<void> {
    const letters = batch.messages.flatMap((message): DeadLetteredMessage[] => {
      const messageUuid = parseQuietly(message.value)?.data?.messageUuid;
      if (typeof messageUuid !== 'string' || !MESSAGE_UUID_PATTERN.test(messageUuid)) return [];
      const header = (name: string) => message.headers?.[name]?.toString();
      return [{
        messageUuid,
        topic: header(DeadLetterHeaders.Topic) ?? batch.topic,
        reason: header(DeadLetterHeaders.Reason) ?? 'no reason given',
        at: header(DeadLetterHeaders.At) ?? new Date(Number(message.timestamp)).toISOString(),
      }];
    });
    if (letters.length > 0) {
      await untilAvailable(
        () => this.ledger.recordDeadLettered(letters),
        (error, delayMs) => this.logger.warn(`dead letters not recorded yet, retrying in ${Math.round(delayMs)} ms: ${(error as Error).message}`),
      ).catch((error: unknown) => this.logger.warn(`${letters.length} dead letters not shown on their messages: ${(error as Error).message}`));
    }
    if (batch.messages.length > 0) batch.resolveOffset(batch.messages[batch.messages.length - 1].offset);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The contact a request is to, from the event as parsed (most requests are passed over before their contract
 * check): only when the fields it takes are well formed.
 */
function requestedContact(data: Record<string, unknown> | undefined): RequestedContact[] {
  if (!data) return [];
  const { messageUuid, teamUuid, channelUuid, to } = data;
  const wellFormed =
    typeof messageUuid === 'string' && MESSAGE_UUID_PATTERN.test(messageUuid) &&
    typeof teamUuid === 'string' && UUID.test(teamUuid) &&
    typeof channelUuid === 'string' && UUID.test(channelUuid) &&
    typeof to === 'string' && E164_PATTERN.test(to);
  return wellFormed ? [{ messageUuid, teamUuid, channelUuid, to }] : [];
}
