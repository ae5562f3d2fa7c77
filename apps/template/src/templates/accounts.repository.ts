import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, Repository } from 'typeorm';
import { Channel } from '../channels/channel.entity';

/** What a sync needs of a WhatsApp account: its id, and a sealed token to call WhatsApp with. */
export type SyncAccount = Pick<Channel, 'wabaId' | 'accessTokenSealed'>;

/**
 * The WhatsApp accounts whose templates are kept: those with an active channel, read from the channels the channels
 * module stores. Several channels may share an account; each account is answered once.
 */
@Injectable()
export class AccountsRepository {
  private readonly channels: Repository<Channel>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.channels = dataSource.getRepository(Channel);
  }

  /** Every account with an active channel. */
  active(): Promise<SyncAccount[]> {
    return this.accountsOf({ active: true });
  }

  /** The accounts of a team's active channels. */
  ofTeam(teamUuid: string): Promise<SyncAccount[]> {
    return this.accountsOf({ teamUuid, active: true });
  }

  /** This account, if one of its channels is active. */
  async activeOne(wabaId: string): Promise<SyncAccount | null> {
    const [account] = await this.accountsOf({ wabaId, active: true });
    return account ?? null;
  }

  /** The teams with an active channel on this account, each once, sorted: those its templates concern. */
  async teamsOf(wabaId: string): Promise<string[]> {
    const channels = await this.channels.find({ select: { teamUuid: true }, where: { wabaId, active: true } });
    return [...new Set(channels.map(({ teamUuid }) => teamUuid))].sort();
  }

  private async accountsOf(where: FindOptionsWhere<Channel>): Promise<SyncAccount[]> {
    const channels = await this.channels.find({ select: { wabaId: true, accessTokenSealed: true }, where });
    return [...new Map(channels.map(({ wabaId, accessTokenSealed }) => [wabaId, { wabaId, accessTokenSealed }])).values()];
  }
}
