import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch, oneAtATime, parseQuietly } from '@herald/kafka';
import { IntakeService } from './intake.service';

/** The events that become webhooks, a batch at a time. */
@Controller()
export class IntakeController {
  private readonly logger = new Logger(IntakeController.name);

  constructor(
    private readonly events: EventProcessor,
    private readonly intake: IntakeService,
  ) {}

  /**
   * Every accepted request, the largest event Herald has: only those of teams with an endpoint for statuses are
   * checked against the contract (the costliest part of reading one); the others are passed over unread. Should the
   * lookup fail, all are read (the work waits the database out anyway).
   */
  @EventPattern(Topics.MessageRequested)
  async requested(@Ctx() batch: KafkaBatch) {
    const teams = [...new Set(batch.messages.flatMap((message) => {
      const team = (parseQuietly(message.value)?.data as { teamUuid?: unknown } | undefined)?.teamUuid;
      return typeof team === 'string' ? [team] : [];
    }))];
    const subscribed = await this.intake.subscribedTeams(teams, 'message.status_changed').catch((error: unknown) => {
      this.logger.warn(`which teams have webhooks could not be looked up, every request is read: ${(error as Error).message}`);
      return null;
    });
    return this.events.process(batch, Topics.MessageRequested, (events) => this.intake.requested(events.map((event) => event.data)), {
      ignore: (event) => subscribed !== null && !(typeof event.data?.teamUuid === 'string' && subscribed.has(event.data.teamUuid)),
    });
  }

  @EventPattern(Topics.MessageStatus)
  status(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageStatus, (events) => this.intake.providerStatuses(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageFailed)
  failed(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageFailed, (events) => this.intake.unsent(events.map((event) => ({ kind: 'failed' as const, data: event.data }))));
  }

  @EventPattern(Topics.MessageRejected)
  rejected(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageRejected, (events) => this.intake.unsent(events.map((event) => ({ kind: 'rejected' as const, data: event.data }))));
  }

  @EventPattern(Topics.WhatsAppInbound)
  inbound(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.WhatsAppInbound, (events) => this.intake.inbound(events.map((event) => event.data)));
  }

  @EventPattern(Topics.ContactConsent)
  consent(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.ContactConsent, (events) => this.intake.consent(events.map((event) => event.data)));
  }

  @EventPattern(Topics.ContactWindowClosing)
  windowClosing(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.ContactWindowClosing, (events) =>
      this.intake.windowClosing(events.map((event) => ({ data: event.data, at: event.occurredAt }))),
    );
  }

  @EventPattern(Topics.ContactErased)
  contactErased(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.ContactErased, oneAtATime((event) => this.intake.contactErased(event.data)));
  }

  @EventPattern(Topics.ChannelHealth)
  channelHealth(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.ChannelHealth, (events) => this.intake.channelHealth(events.map((event) => event.data)));
  }

  @EventPattern(Topics.TemplateStatus)
  templateStatus(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.TemplateStatus, (events) => this.intake.templateStatus(events.map((event) => event.data)));
  }
}
