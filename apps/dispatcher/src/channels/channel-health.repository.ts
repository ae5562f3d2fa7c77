import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import type { DataSource } from 'typeorm';

/** Whose channel changed health: what its `channel.health` event names. */
export interface HealthChange {
  teamUuid: string;
}

/**
 * The channels' health columns. Each statement changes a channel only if its health is not already so, and answers
 * the change: of many sends refused at once, or of every dispatcher replica, one alone is told it made it.
 */
@Injectable()
export class ChannelHealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Marks the channel unhealthy since `at`, unless it already is. */
  async markUnhealthy(uuid: string, reason: string, at: Date): Promise<HealthChange | null> {
    const [changed] = await queryRows<HealthChange>(
      this.dataSource,
      `UPDATE channels SET unhealthy_reason = $2, unhealthy_since = $3
        WHERE uuid = $1 AND unhealthy_since IS NULL
        RETURNING team_uuid AS "teamUuid"`,
      [uuid, reason, at],
    );
    return changed ?? null;
  }

  /** Marks the channel healthy, unless it already is. */
  async markHealthy(uuid: string): Promise<HealthChange | null> {
    const [changed] = await queryRows<HealthChange>(
      this.dataSource,
      `UPDATE channels SET unhealthy_reason = NULL, unhealthy_since = NULL
        WHERE uuid = $1 AND unhealthy_since IS NOT NULL
        RETURNING team_uuid AS "teamUuid"`,
      [uuid],
    );
    return changed ?? null;
  }
}
