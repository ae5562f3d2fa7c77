import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MessageStatus } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { DataSource, In, IsNull } from 'typeorm';
import { DELETE_WITHDRAWN_ROWS, LedgerRow, ledgerRowParameters, WITHDRAW_UNSETTLED } from './ledger-rows';
import { Message } from './message.entity';

/** Where a page of a team's messages stopped: the creation time and uuid of its last row. */
export interface LedgerPosition {
  createdAt: Date;
  uuid: string;
}

/** Which of a team's messages to list, newest first. */
export interface LedgerFilter {
  status?: MessageStatus;
  to?: string;
  since?: Date;
  /** Only the messages after this position (the previous page's last row). */
  after?: LedgerPosition;
  limit: number;
}

/**
 * The ledger as other services read it, and the one write they make: settling an accept whose outcome was not heard.
 * Rows withdrawn that way were never accepted, and are never shown.
 */
@Injectable()
export class MessageLedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A message of one team (another team's uuid is as unknown as one that never existed). */
  findForTeam(teamUuid: string, uuid: string): Promise<Message | null> {
    return this.dataSource.manager.findOneBy(Message, { uuid, teamUuid, withdrawnAt: IsNull() });
  }

  find(uuid: string): Promise<Message | null> {
    return this.dataSource.manager.findOneBy(Message, { uuid, withdrawnAt: IsNull() });
  }

  /** The rows of these messages that there are, in no order (the notifier, to tell whose a status is). */
  findMany(uuids: string[]): Promise<Message[]> {
    if (uuids.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.findBy(Message, { uuid: In(uuids), withdrawnAt: IsNull() });
  }

  /** A page of a team's messages, newest first (ties broken by uuid, so pages neither repeat nor skip a row). */
  list(teamUuid: string, filter: LedgerFilter): Promise<Message[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Message, 'message')
      .where('message.team_uuid = :team', { team: teamUuid })
      .andWhere('message.withdrawn_at IS NULL')
      .orderBy('message.created_at', 'DESC')
      .addOrderBy('message.uuid', 'DESC')
      .take(filter.limit);
    if (filter.status) builder.andWhere('message.status = :status', { status: filter.status });
    if (filter.to) builder.andWhere('message.to = :to', { to: filter.to });
    if (filter.since) builder.andWhere('message.created_at >= :since', { since: filter.since });
    if (filter.after) {
      builder.andWhere('(message.created_at, message.uuid) < (:createdAt, :uuid)', { createdAt: filter.after.createdAt, uuid: filter.after.uuid });
    }
    return builder.getMany();
  }

  /**
   * Settles an accept whose outcome is unknown (its connection broke while the statement was under way): writes the
   * message's row withdrawn unless the accept's own row is there. Answers whether it withdrew it (the message was
   * never accepted, and now never can be) or found it accepted.
   */
  async withdrawUnlessAccepted(row: LedgerRow): Promise<boolean> {
    const withdrawn = await queryRows<{ uuid: string }>(this.dataSource, WITHDRAW_UNSETTLED, ledgerRowParameters([row]));
    return withdrawn.length > 0;
  }

  /** Deletes up to `limit` rows withdrawn more than `hours` ago; answers how many. */
  async deleteWithdrawn(hours: number, limit: number): Promise<number> {
    return (await queryRows(this.dataSource, DELETE_WITHDRAWN_ROWS, [hours, limit])).length;
  }
}
