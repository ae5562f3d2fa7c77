import { Injectable, Logger } from '@nestjs/common';
import {
  byProgress,
  canMoveTo,
  MessageDispatchedData,
  MessageFailedData,
  MessageFailure,
  MessageHeldData,
  MessageReadyData,
  MessageRejectedData,
  MessageRequestedData,
  MessageStatus,
  MessageStatusChange,
  MessageStatusData,
} from '@herald/contracts';
import { requestWarnings } from '@herald/ledger';
import { EarlyEvent, LedgerRepository, LedgerState } from './ledger.repository';

/** A dead letter of an event about a message, as its headers tell it. */
export interface DeadLetteredMessage {
  messageUuid: string;
  topic: string;
  reason: string;
  at: string;
}

/**
 * Statuses waiting for their rows, at most, per phone number id (a known channel's: others never wait). A status
 * naming a uuid this installation never had (another tool sending from the same number) waits its 24 hours for
 * nothing, so a stream of them must not grow the table without bound; legitimate early statuses are the few seconds
 * a lagging ledger is behind, far fewer. Those over the bound are dropped, with a warning.
 */
export const EARLY_STATUSES_PER_NUMBER = 10_000;

/** One reported change of a message's status, as an event told it. */
interface StatusReport {
  /** Herald's uuid when the event names it; else the provider's id (a status webhook without our uuid). */
  uuid?: string;
  providerMessageId?: string;
  status: MessageStatus;
  at: string;
  failure: MessageFailure | null;
  /** Where a provider status came from: it counts only for a message of the channel with this phone number id. */
  phoneNumberId?: string;
}

/** A row's state as read, and what the reports of a batch make of it. */
export interface Move {
  read: LedgerState;
  status: MessageStatus;
  history: MessageStatusChange[];
  failure: MessageFailure | null;
  providerMessageId: string | null;
  changed: boolean;
}

/**
 * Keeps the ledger in step with the events, a batch at a time: each kind of event costs one or two statements per
 * batch, not per message. Every handler is idempotent (Kafka may deliver an event twice, and provider webhooks
 * repeat) and a status never moves backwards.
 */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger(LedgerService.name);
  constructor(private readonly repository: LedgerRepository) {}

  /** Of these messages, those whose rows are there (the ingress writes a row as it accepts its message). */
  recorded(messageUuids: string[]): Promise<Set<string>> {
    return this.repository.existing(messageUuids);
  }

  /**
   * Messages published straight to Kafka by upstream services get their ledger row here; so does a request whose row
   * was lost (a database restored from a backup). Rows already there are kept as they are (INSERT_LEDGER_ROWS). The
   * events that arrived before their message's row are applied once it is there.
   */
  async recordRequested(batch: MessageRequestedData[]): Promise<void> {
    await this.repository.insertRows(
        batch.map((data) => ({
          uuid: data.messageUuid,
          teamUuid: data.teamUuid,
          channelUuid: data.channelUuid,
          to: data.to,
          request: data.request,
          warnings: requestWarnings(data.request, data.assignedUserIsMember),
          acceptedAt: new Date(data.acceptedAt),
        })),
    );
    await this.applyEarlyEvents(batch.map((data) => data.messageUuid));
  }

  async recordReady(batch: MessageReadyData[]): Promise<void> {
    const unknown = await this.repository.setOnce(
      'rendered_text',
      batch.map((data) => [data.messageUuid, data.renderedText]),
    );
    await this.park(batch.filter((data) => unknown.has(data.messageUuid)).map((data) => ({ kind: 'ready', data })));
  }

  async recordDispatched(batch: MessageDispatchedData[]): Promise<void> {
    const unknown = await this.repository.setOnce(
      'provider_message_id',
      batch.map((data) => [data.messageUuid, data.providerMessageId]),
    );
    await this.park(batch.filter((data) => unknown.has(data.messageUuid)).map((data) => ({ kind: 'dispatched', data })));
  }

  async recordFailed(batch: MessageFailedData[]): Promise<void> {
    const unknown = await this.moveAll(
      batch.map((data) => ({ uuid: data.messageUuid, status: MessageStatus.Failed, at: data.failedAt, failure: { ...data.reason } })),
    );
    await this.park(batch.filter((data) => unknown.has(data.messageUuid)).map((data) => ({ kind: 'failed', data })));
  }

  /** Held by the dispatcher (see MessageStatus.Held); a status, a dispatch or a failure later moves it on. */
  async recordHeld(batch: MessageHeldData[]): Promise<void> {
    const unknown = await this.moveAll(
      batch.map((data) => ({ uuid: data.messageUuid, status: MessageStatus.Held, at: data.heldAt, failure: { ...data.reason } })),
    );
    await this.park(batch.filter((data) => unknown.has(data.messageUuid)).map((data) => ({ kind: 'held', data })));
  }

  async recordRejected(batch: MessageRejectedData[]): Promise<void> {
    const unknown = await this.moveAll(
      batch.map((data) => ({ uuid: data.messageUuid, status: MessageStatus.Rejected, at: data.rejectedAt, failure: { ...data.reason } })),
    );
    await this.park(batch.filter((data) => unknown.has(data.messageUuid)).map((data) => ({ kind: 'rejected', data })));
  }

  /**
   * An event of these messages was dead-lettered (by any service): each is `held`, with the topic and the reason as
   * its failure, until the event is replayed and the message goes on. A message already further (the dead letter
   * is of a redelivered event) keeps its status; one the ledger has no row for has nothing to show it on.
   */
  async recordDeadLettered(batch: DeadLetteredMessage[]): Promise<void> {
    const unknown = await this.moveAll(
      batch.map((letter) => ({
        uuid: letter.messageUuid,
        status: MessageStatus.Held,
        at: letter.at,
        failure: { code: 'dead_lettered', message: `${letter.topic}: ${letter.reason}` },
      })),
    );
    if (unknown.size > 0) this.logger.debug(`dead letters of messages the ledger has no row for: ${[...unknown].slice(0, 5).join(', ')}`);
  }

  /**
   * Herald names every message it sends in `biz_opaque_callback_data`, so a status without it is about a message
   * someone else sent from the same number (the WhatsApp Business app, another tool) unless its provider id is
   * one the ledger knows: not Herald's, skipped. A status that names a Herald message the ledger does not know
   * waits for its row (see park). The webhook may beat the send response: the provider id is known from here on.
   */
  async recordProviderStatus(batch: MessageStatusData[]): Promise<void> {
    const unknown = await this.moveAll(
      batch.map((data) => ({
        uuid: data.messageUuid,
        providerMessageId: data.providerMessageId,
        status: data.status as MessageStatus,
        at: data.statusAt,
        failure: data.status === MessageStatus.Failed ? (data.failure ?? null) : null,
        phoneNumberId: data.phoneNumberId,
      })),
    );
    const early = await this.mayWait(batch.filter((data) => data.messageUuid && unknown.has(data.messageUuid)));
    await this.park(early.map((data) => ({ kind: 'status', data })));
  }

  /**
   * The statuses about unknown messages that may wait for their rows: those that came to a known channel's phone
   * number id, within EARLY_STATUSES_PER_NUMBER waiting per number. The others are dropped with a warning: no row
   * of this installation could ever take them, or the number has more waiting than any lag explains.
   */
  private async mayWait(statuses: MessageStatusData[]): Promise<MessageStatusData[]> {
    if (statuses.length === 0) return [];
    const numbers = await this.repository.earlyStatusesWaiting([...new Set(statuses.map((data) => data.phoneNumberId))]);
    const room = new Map(numbers.map((number) => [number.phone_number_id, EARLY_STATUSES_PER_NUMBER - number.waiting]));
    const kept: MessageStatusData[] = [];
    const dropped = new Map<string, number>();
    for (const data of statuses) {
      const left = room.get(data.phoneNumberId) ?? 0;
      if (left > 0) {
        kept.push(data);
        room.set(data.phoneNumberId, left - 1);
      } else {
        dropped.set(data.phoneNumberId, (dropped.get(data.phoneNumberId) ?? 0) + 1);
      }
    }
    for (const [phoneNumberId, count] of dropped) {
      const why = room.has(phoneNumberId) ? `${EARLY_STATUSES_PER_NUMBER} already wait for this number` : 'no channel has this number';
      this.logger.warn(`${count} statuses from phone number id ${phoneNumberId} about messages the ledger does not know are dropped: ${why}`);
    }
    return kept;
  }

  /**
   * Sets aside events about messages the ledger has no row for, until the row arrives (recordRequested applies
   * them). Retried where they stood instead, each would hold the ledger's whole consumer, every topic, for as
   * long as the retries last, and one status about a message this installation never had (another one sending
   * from the same number, a database restored from a backup) would stall every status behind it.
   */
  private async park(events: EarlyEvent[]): Promise<void> {
    if (events.length === 0) return;
    const uuids = [...new Set(events.map((event) => event.data.messageUuid as string))];
    await this.repository.park(events);
    this.logger.log(`${events.length} events about ${uuids.length} messages the ledger has no row for wait for it: ${uuids.slice(0, 5).join(', ')}`);
    // A row written while these were being set aside was looked for before they were there: apply them now.
    const arrived = await this.repository.existing(uuids);
    if (arrived.size > 0) await this.applyEarlyEvents([...arrived]);
    await this.repository.forgetStaleEarlyEvents();
  }

  /**
   * Applies the events set aside for these messages, now that their rows are there, and only then lets go of
   * them: applying is idempotent, so a failure in between applies them again rather than losing them.
   */
  private async applyEarlyEvents(uuids: string[]): Promise<void> {
    const early = await this.repository.earlyEventsOf(uuids);
    if (early.length === 0) return;
    const of = <K extends EarlyEvent['kind']>(kind: K) =>
      early.filter((event) => event.kind === kind).map((event) => event.data as Extract<EarlyEvent, { kind: K }>['data']);
    await this.recordReady(of('ready'));
    await this.recordDispatched(of('dispatched'));
    await this.recordRejected(of('rejected'));
    await this.recordFailed(of('failed'));
    await this.recordHeld(of('held'));
    await this.recordProviderStatus(of('status'));
    await this.repository.forgetEarlyEvents(early.map((event) => event.id));
  }

  /**
   * Moves the statuses of a batch forward in two round trips and no lock held between them: read the rows, apply
   * every report to them in order, then write each changed row only if nobody changed it meanwhile (its status
   * and history length); the reports about rows somebody did change are applied again to a fresh read. Answers
   * the Herald messages named that the ledger has no row for.
   */
  private async moveAll(reports: StatusReport[]): Promise<Set<string>> {
    let pending = reports;
    const unknown = new Set<string>();
    while (pending.length > 0) {
      const rows = await this.repository.readStates(
        [...new Set(pending.flatMap((report) => (report.uuid ? [report.uuid] : [])))],
        [...new Set(pending.flatMap((report) => (!report.uuid && report.providerMessageId ? [report.providerMessageId] : [])))],
      );
      const byUuid = new Map(rows.map((row) => [row.uuid, row]));
      const byProviderId = new Map(rows.flatMap((row) => (row.provider_message_id ? [[row.provider_message_id, row] as const] : [])));
      const moves = new Map<string, Move>();
      const reportsOf = new Map<string, StatusReport[]>();
      for (const report of pending) {
        const row = report.uuid ? byUuid.get(report.uuid) : byProviderId.get(report.providerMessageId ?? '');
        if (!row) {
          if (report.uuid) unknown.add(report.uuid);
          else this.logger.debug(`status ${report.status} of ${report.providerMessageId} is not about a Herald message; skipped`);
          continue;
        }
        if (report.phoneNumberId !== undefined && report.phoneNumberId !== row.channel_phone_number_id) {
          this.logger.warn(
            `status ${report.status} of message ${row.uuid} came from phone number id ${report.phoneNumberId}, not its channel's; ignored`,
          );
          continue;
        }
        let move = moves.get(row.uuid);
        if (!move) {
          move = { read: row, status: row.status, history: row.status_history, failure: null, providerMessageId: null, changed: false };
          moves.set(row.uuid, move);
        }
        apply(move, report);
        reportsOf.set(row.uuid, [...(reportsOf.get(row.uuid) ?? []), report]);
      }
      const changed = [...moves.values()].filter((move) => move.changed);
      if (changed.length === 0) break;
      const done = await this.repository.writeMoves(changed);
      pending = changed.filter((move) => !done.has(move.read.uuid)).flatMap((move) => reportsOf.get(move.read.uuid) ?? []);
    }
    return unknown;
  }
}

/**
 * One report applied to a row's state. A failure reported after the message was delivered changes nothing the
 * customer saw; a stage reported late (delivered after read) still belongs in the history, once.
 */
function apply(move: Move, report: StatusReport): void {
  const moves = canMoveTo(move.status, report.status);
  const seen = move.history.some((change) => change.status === report.status);
  const learnsProviderId = Boolean(report.providerMessageId && !move.read.provider_message_id && !move.providerMessageId);
  const recordsStage = moves || (!seen && report.status !== MessageStatus.Failed && report.status !== MessageStatus.Rejected);
  if (!recordsStage && !learnsProviderId) return;
  if (recordsStage && !seen) move.history = [...move.history, { status: report.status, at: report.at }].sort(byProgress);
  if (moves) {
    move.status = report.status;
    if (report.failure) move.failure = report.failure;
  }
  if (learnsProviderId) move.providerMessageId = report.providerMessageId ?? null;
  move.changed = true;
}
