import { Injectable } from '@nestjs/common';
import {
  DecisionPreviewRequest,
  envelope,
  messageApprovedKey,
  MessageApprovedData,
  messageRejectedKey,
  MessageRejectedData,
  MessageRequestedData,
  MessageRequestedEvent,
  Topics,
  ValidationVerdictDto,
} from '@herald/contracts';
import { EventPublisher, EventRecord, PoisonEventError } from '@herald/kafka';
import { ChannelsService } from '../channels/channels.service';
import { ContactsService } from '../contacts/contacts.service';
import { Decision } from './decision.entity';
import { DecisionsRepository } from './decisions.repository';
import { decide, SessionWindow, Verdict, windowAt } from './rules';

/**
 * Decides, once per message, whether it may be sent, from what held when it was accepted (the request's event
 * time), so a consumer that lags decides as a prompt one would. A replayed request gets the recorded decision again.
 * Anyone allowed to publish `message.requested` can write any `acceptedAt` and name any channel, so a request is
 * judged no earlier than its record reached Kafka, and one naming another team's channel is refused.
 *
 * A batch of requests is decided together: one query for what the contacts had said by then, one statement to
 * record every decision, one to read back those of replayed requests, and every outcome published together.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly decisions: DecisionsRepository,
    private readonly channels: ChannelsService,
    private readonly contacts: ContactsService,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Idempotent: a request decided before is published again with its recorded decision. `records` are the events'
   * Kafka records, in the same order.
   */
  async decide(events: MessageRequestedEvent[], records: EventRecord[]): Promise<void> {
    const requests = events.map((event, index) => ({ ...event.data, acceptedAt: judgedAt(event.data.acceptedAt, records[index].timestamp) }));
    const facts = await this.channels.factsOf(requests.map((request) => request.channelUuid));
    const foreign = events.filter(({ data }) => {
      const channel = facts.get(data.channelUuid);
      return channel !== undefined && channel.teamUuid !== data.teamUuid;
    });
    if (foreign.length > 0) await this.refuseForeign(events, foreign);
    const decisions = await this.record(requests, (await this.judge(requests)).map((judgement) => judgement.verdict));
    await Promise.all(events.map((event) => this.publish(event, decisions)));
  }

  /** The decision the policy would make about a message, recorded nowhere (`POST /messages/validate`). */
  async preview(input: DecisionPreviewRequest): Promise<ValidationVerdictDto> {
    const [{ verdict, window }] = await this.judge([input]);
    // The window the rule judged, from the same standing: the answer and the decision cannot disagree.
    const windowView = { open: window.open, closesAt: window.closesAt?.toISOString() ?? null };
    return verdict.approved
      ? { valid: true, ...(verdict.warnings ? { warnings: verdict.warnings } : {}), window: windowView }
      : { valid: false, reason: { code: verdict.code, message: verdict.message }, window: windowView };
  }

  /**
   * A request naming a channel of another team is a forgery or a bug upstream, never a policy decision: it is
   * dead-lettered with the reason (the processor works a failing batch again one event at a time, so only it is set
   * aside), and its ledger row, if the ingress wrote one, is told so by a rejection. A message already decided keeps
   * its decision: a forged request reusing its uuid changes nothing.
   */
  private async refuseForeign(events: MessageRequestedEvent[], foreign: MessageRequestedEvent[]): Promise<never> {
    if (events.length > 1) throw new PoisonEventError(`${foreign.length} requests name a channel of another team`);
    const [{ data, requestId }] = foreign;
    const decided = await this.decisions.find([data.messageUuid]);
    if (decided.size === 0) {
      const rejected: MessageRejectedData = {
        messageUuid: data.messageUuid,
        teamUuid: data.teamUuid,
        channelUuid: data.channelUuid,
        to: data.to,
        reason: { code: 'channel_not_in_team', message: `The channel ${data.channelUuid} does not belong to this team` },
        rejectedAt: new Date().toISOString(),
      };
      await this.publisher.publish({
        topic: Topics.MessageRejected,
        key: messageRejectedKey(rejected),
        event: envelope(Topics.MessageRejected, rejected, { requestId }),
      });
    }
    throw new PoisonEventError(`channel ${data.channelUuid} does not belong to team ${data.teamUuid}`);
  }

  /** Each request's verdict, and the contact's window as it stood at the moment it was judged at. */
  private async judge(requests: DecisionPreviewRequest[]): Promise<Array<{ verdict: Verdict; window: SessionWindow }>> {
    const acceptedAt = requests.map((request) => new Date(request.acceptedAt));
    const [facts, standings] = await Promise.all([
      this.channels.factsOf(requests.map((request) => request.channelUuid)),
      this.contacts.standings(requests.map((request, index) => ({ channelUuid: request.channelUuid, phone: request.to, at: acceptedAt[index] }))),
    ]);
    return requests.map((request, index) => ({
      verdict: decide({
        request: request.request,
        acceptedAt: acceptedAt[index],
        lastInboundAt: standings[index].lastInboundAt,
        optedOutBy: standings[index].optedOutBy,
        // A channel not announced yet was created moments ago through the official API integration, the default.
        integration: facts.get(request.channelUuid)?.integration ?? 'whatsapp_business_api',
        assignedUserIsMember: request.assignedUserIsMember,
      }),
      window: windowAt(standings[index].lastInboundAt, acceptedAt[index]),
    }));
  }

  /**
   * Records the decisions, and the opt-ins approved template requests carry, in one statement. The first decision
   * about a message stands: a replayed request (Kafka redelivers, also within one batch) gets the recorded one,
   * whatever the verdict would be now.
   */
  private record(requests: MessageRequestedData[], verdicts: Verdict[]): Promise<Map<string, Decision>> {
    return this.decisions.record(
      requests.map((request, index) => ({
        messageUuid: request.messageUuid,
        channelUuid: request.channelUuid,
        phone: request.to,
        acceptedAt: request.acceptedAt,
        recordsOptIn: verdicts[index].approved && Boolean(request.request.template_uuid && request.request.optin_contact),
        verdict: verdicts[index],
      })),
    );
  }

  private async publish(event: MessageRequestedEvent, decisions: Map<string, Decision>): Promise<void> {
    const { data } = event;
    const decision = decisions.get(data.messageUuid);
    // Recorded or found above, unless someone deleted it meanwhile: worth another try, never a guess.
    if (!decision) throw new Error(`no decision recorded for message ${data.messageUuid}`);
    const decidedAt = decision.decidedAt.toISOString();
    if (decision.approved) {
      const approved: MessageApprovedData = {
        ...data,
        approvedAt: decidedAt,
        ...(decision.assignee ? { assignee: decision.assignee } : {}),
        ...(decision.warnings ? { warnings: decision.warnings } : {}),
      };
      await this.publisher.publish({ topic: Topics.MessageApproved, key: messageApprovedKey(approved), event: envelope(Topics.MessageApproved, approved, { requestId: event.requestId }) });
      return;
    }
    // Every refusal is recorded with its code (record); a row without one was written by hand.
    if (!decision.reasonCode) throw new PoisonEventError(`the decision about message ${data.messageUuid} is a refusal without a reason code`);
    const rejected: MessageRejectedData = {
      messageUuid: data.messageUuid,
      teamUuid: data.teamUuid,
      channelUuid: data.channelUuid,
      to: data.to,
      reason: { code: decision.reasonCode, message: decision.reasonMessage ?? 'The message was refused' },
      rejectedAt: decidedAt,
    };
    await this.publisher.publish({ topic: Topics.MessageRejected, key: messageRejectedKey(rejected), event: envelope(Topics.MessageRejected, rejected, { requestId: event.requestId }) });
  }
}

/**
 * The moment a request is judged at: when it was accepted, or when its record reached Kafka if that is later. The
 * ingress publishes a request milliseconds after accepting it, so its own requests are judged as accepted; a request
 * published straight to Kafka with an earlier `acceptedAt` cannot reopen a closed window or predate a STOP. No clock
 * skew is allowed for: the broker's clock ahead of the ingress's moves a judgement by that much, which only matters
 * within that much of a window's end.
 */
export function judgedAt(acceptedAt: string, recordedAt: Date): string {
  const accepted = new Date(acceptedAt);
  return (Number.isNaN(recordedAt.getTime()) || accepted >= recordedAt ? accepted : recordedAt).toISOString();
}
