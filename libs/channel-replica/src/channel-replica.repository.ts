import type { ChannelConfiguredData } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import type { DataSource, EntityMetadata, FindOptionsWhere, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ChannelBase, ReplicaColumns } from './channel-base.entity';

/** A service's `channels` replica, in the service's own schema: the one place its queries live. */
export class ChannelReplicaRepository<T extends ChannelBase> {
  private readonly channels: Repository<T>;

  constructor(
    private readonly dataSource: DataSource,
    entity: new () => T,
  ) {
    this.channels = dataSource.getRepository(entity);
  }

  /** Stores a configured channel: the shared columns from the event, the service's own as given. */
  async store(data: ChannelConfiguredData, columns: ReplicaColumns<T>): Promise<void> {
    const row = { ...columns, uuid: data.channelUuid, teamUuid: data.teamUuid, active: data.active };
    await this.channels.upsert(row as QueryDeepPartialEntity<T>, ['uuid']);
  }

  findOne(uuid: string): Promise<T | null> {
    return this.channels.findOneBy({ uuid } as FindOptionsWhere<T>);
  }

  /** The active channels whose columns hold these values. */
  findActive(where: ReplicaColumns<T>): Promise<T[]> {
    return this.channels.findBy({ ...where, active: true } as FindOptionsWhere<T>);
  }

  async update(uuid: string, changes: ReplicaColumns<T>): Promise<void> {
    await this.channels.update({ uuid } as FindOptionsWhere<T>, changes as QueryDeepPartialEntity<T>);
  }

  /**
   * These columns of these channels, by the uuid as given, in one statement. A channel not stored (yet) is absent.
   * A call site names a fixed list of columns, so its statement text is fixed too (queryRows prepares it once).
   */
  async columnsOf<K extends Exclude<keyof T, 'uuid'> & string>(
    uuids: string[],
    columns: readonly K[],
  ): Promise<Map<string, Pick<T, K>>> {
    const selected = columns.map((column) => `channels.${this.columnName(column)} AS "${column}"`).join(', ');
    const rows = await queryRows<Pick<T, K> & { requested: string }>(
      this.dataSource,
      `SELECT requested.uuid AS requested, ${selected}
         FROM unnest($1::text[]) AS requested(uuid)
         JOIN ${this.metadata.tableName} AS channels ON channels.uuid = requested.uuid::uuid`,
      [uuids],
    );
    return new Map(rows.map((row) => [row.requested, pick<T, K>(row, columns)]));
  }

  private get metadata(): EntityMetadata {
    return this.channels.metadata;
  }

  private columnName(property: string): string {
    const column = this.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.metadata.name} has no column ${property}`);
    return column.databaseName;
  }
}

function pick<T, K extends keyof T>(row: Pick<T, K>, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = row[key];
  return picked;
}
