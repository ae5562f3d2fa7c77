import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyKey } from './idempotency-key.entity';

/** The Idempotency-Key statements of one transaction: a claim is a row the accept commits or rolls back with it. */
export interface KeyClaims {
  /** Lets go of the team's key if it was claimed more than `hours` ago: an expired key is free again. */
  freeIfExpired(teamUuid: string, key: string, hours: number): Promise<void>;
  /** Claims the key unless it is claimed; answers whether this claimed it. Waits on a concurrent claim's commit. */
  claim(row: Pick<IdempotencyKey, 'teamUuid' | 'key' | 'requestHash' | 'messageUuid'>): Promise<boolean>;
  /** The claim that holds the key. */
  holder(teamUuid: string, key: string): Promise<Pick<IdempotencyKey, 'requestHash' | 'messageUuid'>>;
}

const DELETE_EXPIRED_KEYS = `
  DELETE FROM idempotency_keys k
  USING (SELECT team_uuid, key FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) LIMIT $2) expired
  WHERE k.team_uuid = expired.team_uuid AND k.key = expired.key
  RETURNING 1`;

@Injectable()
export class IdempotencyKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The claims of the transaction `manager` runs. */
  within(manager: EntityManager): KeyClaims {
    return {
      freeIfExpired: async (teamUuid, key, hours) => {
        await manager.query(`DELETE FROM idempotency_keys WHERE team_uuid = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`, [
          teamUuid,
          key,
          hours,
        ]);
      },
      claim: async (row) => {
        const inserted = await manager.createQueryBuilder().insert().into(IdempotencyKey).values(row).orIgnore().returning('message_uuid').execute();
        return (inserted.raw as unknown[]).length > 0;
      },
      holder: (teamUuid, key) => manager.findOneByOrFail(IdempotencyKey, { teamUuid, key }),
    };
  }

  /** Deletes up to `limit` keys claimed more than `hours` ago; answers how many. */
  async deleteExpired(hours: number, limit: number): Promise<number> {
    return (await queryRows(this.dataSource, DELETE_EXPIRED_KEYS, [hours, limit])).length;
  }
}
