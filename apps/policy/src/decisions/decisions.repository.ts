import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RejectionCode } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import { Decision } from './decision.entity';
import type { Verdict } from './rules';

/** A verdict about one message, to record with what its request said. */
export interface DecisionToRecord {
  messageUuid: string;
  channelUuid: string;
  /** The contact. */
  phone: string;
  /** When the request was judged at, ISO 8601: an opt-in it carries holds from then. */
  acceptedAt: string;
  /** Record that the contact opted in, as of `acceptedAt`, on the team's word. */
  recordsOptIn: boolean;
  verdict: Verdict;
}

/** A row of the decisions table, as the statements return it. */
interface DecisionRow {
  message_uuid: string;
  approved: boolean;
  reason_code: RejectionCode | null;
  reason_message: string | null;
  assignee: string | null;
  warnings: Decision['warnings'];
  decided_at: Date;
}

/** The policy's decisions: one per message, the first recorded standing for good. */
@Injectable()
export class DecisionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records the decisions, and the opt-ins they carry, in one statement, and answers the decision that stands for
   * each message: the first about it, whether recorded now or before (Kafka redelivers, also within one batch), and
   * whatever the verdict given now. Those recorded before are read back in one more query.
   */
  async record(decisions: DecisionToRecord[]): Promise<Map<string, Decision>> {
    const column = <T>(value: (decision: DecisionToRecord, verdict: Verdict) => T) =>
      decisions.map((decision) => value(decision, decision.verdict));
    const inserted = await queryRows<DecisionRow>(
      this.dataSource,
      `WITH decided AS (
         SELECT * FROM unnest($1::bpchar[], $2::uuid[], $3::text[], $4::timestamptz[], $5::boolean[], $6::boolean[],
                              $7::text[], $8::text[], $9::text[], $10::text[])
           AS decided(message_uuid, channel_uuid, phone, accepted_at, records_opt_in, approved,
                      reason_code, reason_message, assignee, warnings)
       ), opt_in AS (
         INSERT INTO consent_events (channel_uuid, phone, kind, at, source, origin)
         SELECT channel_uuid, phone, 'request_opt_in', accepted_at, message_uuid, 'team' FROM decided WHERE records_opt_in
         ON CONFLICT DO NOTHING
       )
       INSERT INTO decisions (message_uuid, approved, reason_code, reason_message, assignee, warnings, decided_at)
       SELECT message_uuid, approved, reason_code, reason_message, assignee, warnings::jsonb, now() FROM decided
       ON CONFLICT (message_uuid) DO NOTHING
       RETURNING *`,
      [
        column((decision) => decision.messageUuid),
        column((decision) => decision.channelUuid),
        column((decision) => decision.phone),
        column((decision) => decision.acceptedAt),
        column((decision) => decision.recordsOptIn),
        column((_, verdict) => verdict.approved),
        column((_, verdict) => (verdict.approved ? null : verdict.code)),
        column((_, verdict) => (verdict.approved ? null : verdict.message)),
        column((_, verdict) => (verdict.approved ? (verdict.assignee ?? null) : null)),
        column((_, verdict) => (verdict.approved && verdict.warnings ? JSON.stringify(verdict.warnings) : null)),
      ],
    );
    const standing = new Map(inserted.map((row) => [row.message_uuid, toDecision(row)]));
    const replayed = [...new Set(decisions.map((decision) => decision.messageUuid).filter((uuid) => !standing.has(uuid)))];
    if (replayed.length > 0) for (const [uuid, decision] of await this.find(replayed)) standing.set(uuid, decision);
    return standing;
  }

  /** The decisions recorded about these messages, by message uuid. */
  async find(messageUuids: string[]): Promise<Map<string, Decision>> {
    const rows = await queryRows<DecisionRow>(this.dataSource, `SELECT * FROM decisions WHERE message_uuid = ANY($1::bpchar[])`, [messageUuids]);
    return new Map(rows.map((row) => [row.message_uuid, toDecision(row)]));
  }
}

const toDecision = (row: DecisionRow): Decision =>
  Object.assign(new Decision(), {
    messageUuid: row.message_uuid,
    approved: row.approved,
    reasonCode: row.reason_code,
    reasonMessage: row.reason_message,
    assignee: row.assignee,
    warnings: row.warnings,
    decidedAt: row.decided_at,
  });
