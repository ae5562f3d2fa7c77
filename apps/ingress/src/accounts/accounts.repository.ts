import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { ApiKey } from './api-key.entity';
import { Channel } from './channel.entity';
import { Member } from './member.entity';
import { Team } from './team.entity';

/** What `channels set` may change on an existing channel. */
export type ChannelSettings = Partial<Pick<Channel, 'name' | 'accessTokenSealed' | 'language' | 'messagesPerSecond' | 'active'>>;

/** A channel as `upsertChannel` writes it: everything but the timestamps the database keeps. */
export type ChannelRow = Omit<Channel, 'createdAt' | 'updatedAt'>;

/** The unique index that gives a phone number id to one channel. */
const PHONE_NUMBER_ID_INDEX = 'channels_phone_number_id';
const UNIQUE_VIOLATION = '23505';

type DriverFailure = { driverError?: { code?: string; constraint?: string } };

/**
 * The accounts' queries: teams, their API keys, channels and members. A `find*` answers null when there is no such
 * row; a `get*` reads a row the caller knows is there (it just wrote it) and throws when it is not.
 */
@Injectable()
export class AccountsRepository {
  private readonly teams: Repository<Team>;
  private readonly apiKeys: Repository<ApiKey>;
  private readonly channels: Repository<Channel>;
  private readonly members: Repository<Member>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.teams = dataSource.getRepository(Team);
    this.apiKeys = dataSource.getRepository(ApiKey);
    this.channels = dataSource.getRepository(Channel);
    this.members = dataSource.getRepository(Member);
  }

  listTeams(): Promise<Team[]> {
    return this.teams.find({ order: { createdAt: 'ASC' } });
  }

  findTeam(uuid: string): Promise<Team | null> {
    return this.teams.findOneBy({ uuid });
  }

  /** Creates the team, or renames it when the uuid is already a team's. */
  async upsertTeam(uuid: string, name: string): Promise<Team> {
    await this.teams.upsert({ uuid, name }, ['uuid']);
    return this.teams.findOneByOrFail({ uuid });
  }

  /** The key with this secret's hash, unless it was revoked. */
  findActiveKeyByHash(secretHash: string): Promise<ApiKey | null> {
    return this.apiKeys.findOneBy({ secretHash, revokedAt: IsNull() });
  }

  findKey(uuid: string): Promise<ApiKey | null> {
    return this.apiKeys.findOneBy({ uuid });
  }

  getKey(uuid: string): Promise<ApiKey> {
    return this.apiKeys.findOneByOrFail({ uuid });
  }

  listKeys(teamUuid: string): Promise<ApiKey[]> {
    return this.apiKeys.find({ where: { teamUuid }, order: { createdAt: 'ASC' } });
  }

  /**
   * Adds the key unless its secret is already a key's (of any team, revoked or not); answers the key stored with
   * this secret either way, for the caller to judge.
   */
  async addKeyOnce(key: Pick<ApiKey, 'uuid' | 'teamUuid' | 'name' | 'secretHash' | 'prefix'>): Promise<ApiKey> {
    await this.apiKeys.insert(this.apiKeys.create({ ...key, revokedAt: null })).catch((error: DriverFailure) => {
      if (error.driverError?.code !== UNIQUE_VIOLATION) throw error;
    });
    return this.apiKeys.findOneByOrFail({ secretHash: key.secretHash });
  }

  async revokeKey(uuid: string): Promise<void> {
    await this.apiKeys.update({ uuid }, { revokedAt: new Date() });
  }

  isMember(teamUuid: string, email: string): Promise<boolean> {
    return this.members.existsBy({ teamUuid, email });
  }

  async addMember(member: Pick<Member, 'uuid' | 'teamUuid' | 'email' | 'name'>): Promise<Member> {
    const row = this.members.create(member);
    await this.members.insert(row);
    return row;
  }

  listMembers(teamUuid: string): Promise<Member[]> {
    return this.members.find({ where: { teamUuid }, order: { email: 'ASC' } });
  }

  /** The team's channel with this uuid, if it is active. */
  findActiveChannel(teamUuid: string, uuid: string): Promise<Channel | null> {
    return this.channels.findOneBy({ uuid, teamUuid, active: true });
  }

  /** The team's default channel of this type, active or not. */
  defaultChannelOf(teamUuid: string, type: Channel['type']): Promise<Channel | null> {
    return this.channels.findOneBy({ teamUuid, type, isDefault: true });
  }

  /** The team's default channel of this type, if it is active: the one `from: "<type>"` sends from. */
  activeDefaultChannelOf(teamUuid: string, type: Channel['type']): Promise<Channel | null> {
    return this.channels.findOneBy({ teamUuid, type, isDefault: true, active: true });
  }

  /** The team's channel with this uuid, active or not. */
  findTeamChannel(teamUuid: string, uuid: string): Promise<Channel | null> {
    return this.channels.findOneBy({ uuid, teamUuid });
  }

  findChannel(uuid: string): Promise<Channel | null> {
    return this.channels.findOneBy({ uuid });
  }

  getChannel(uuid: string): Promise<Channel> {
    return this.channels.findOneByOrFail({ uuid });
  }

  /** The channel that has this phone number id (there is one at most). */
  findChannelByPhoneNumberId(phoneNumberId: string): Promise<Channel | null> {
    return this.channels.findOneBy({ phoneNumberId });
  }

  listChannels(teamUuid: string): Promise<Channel[]> {
    return this.channels.find({ where: { teamUuid }, order: { createdAt: 'ASC' } });
  }

  /** Every team's channels, oldest first. */
  listAllChannels(): Promise<Channel[]> {
    return this.channels.find({ order: { createdAt: 'ASC' } });
  }

  /**
   * Creates the channel or overwrites the one with its uuid. Answers `phone number taken`, writing nothing, when
   * another channel has its phone number id.
   */
  async upsertChannel(channel: ChannelRow): Promise<'saved' | 'phone number taken'> {
    try {
      await this.channels.upsert(channel, ['uuid']);
      return 'saved';
    } catch (error) {
      if ((error as DriverFailure).driverError?.constraint !== PHONE_NUMBER_ID_INDEX) throw error;
      return 'phone number taken';
    }
  }

  async updateChannel(uuid: string, settings: ChannelSettings): Promise<void> {
    await this.channels.update({ uuid }, settings);
  }

  async clearDefault(uuid: string): Promise<void> {
    await this.channels.update({ uuid }, { isDefault: false });
  }
}
