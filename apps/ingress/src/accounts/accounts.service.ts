import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelConfiguredData, ErrorCodes, envelope, Topics } from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { IsNull, Repository } from 'typeorm';
import { HeraldError } from '../http/herald-error';
import { ApiKey } from './api-key.entity';
import { Channel } from './channel.entity';
import { Team } from './team.entity';

export interface AuthenticatedTeam {
  teamUuid: string;
  apiKeyUuid: string;
}

export interface NewChannel {
  teamUuid: string;
  name: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  isDefault?: boolean;
  uuid?: string;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Teams, their API keys and their channels. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    @InjectRepository(ApiKey) private readonly apiKeys: Repository<ApiKey>,
    @InjectRepository(Channel) private readonly channels: Repository<Channel>,
    private readonly publisher: EventPublisher,
  ) {}

  async authenticate(secret: string): Promise<AuthenticatedTeam | null> {
    const key = await this.apiKeys.findOneBy({ secretHash: hashSecret(secret), revokedAt: IsNull() });
    return key ? { teamUuid: key.teamUuid, apiKeyUuid: key.uuid } : null;
  }

  /** The channel a request's `from` names: the team's default channel of that type. */
  async resolveChannel(teamUuid: string, from: string): Promise<Channel> {
    const channel = await this.channels.findOneBy({ teamUuid, type: from as Channel['type'], isDefault: true, active: true });
    if (!channel) {
      throw new HeraldError(ErrorCodes.ChannelNotFound, `The team has no active ${from} channel`, [
        { field: 'from', problem: `no active ${from} channel is configured for this team` },
      ]);
    }
    return channel;
  }

  async createTeam(name: string, uuid: string = randomUUID()): Promise<Team> {
    await this.teams.upsert({ uuid, name }, ['uuid']);
    return this.teams.findOneByOrFail({ uuid });
  }

  /** Creates a key; the secret is returned here once and only its hash is kept. */
  async createApiKey(teamUuid: string, name: string, secret = `hk_${randomBytes(24).toString('hex')}`) {
    const key = this.apiKeys.create({
      uuid: randomUUID(),
      teamUuid,
      name,
      secretHash: hashSecret(secret),
      prefix: secret.slice(0, 10),
      revokedAt: null,
    });
    await this.apiKeys.upsert(key, ['secretHash']);
    return { uuid: key.uuid, secret };
  }

  /** Stores a channel and tells the other services about it (they keep what they need of it). */
  async saveChannel(channel: NewChannel): Promise<Channel> {
    const uuid = channel.uuid ?? randomUUID();
    await this.channels.upsert(
      {
        uuid,
        teamUuid: channel.teamUuid,
        type: 'whatsapp',
        name: channel.name,
        isDefault: channel.isDefault ?? true,
        phoneNumberId: channel.phoneNumberId,
        wabaId: channel.wabaId,
        accessToken: channel.accessToken,
        active: true,
      },
      ['uuid'],
    );
    const saved = await this.channels.findOneByOrFail({ uuid });
    await this.publishChannel(saved);
    return saved;
  }

  async publishChannel(channel: Channel): Promise<void> {
    const data: ChannelConfiguredData = {
      channelUuid: channel.uuid,
      teamUuid: channel.teamUuid,
      type: channel.type,
      phoneNumberId: channel.phoneNumberId,
      wabaId: channel.wabaId,
      accessToken: channel.accessToken,
      active: channel.active,
    };
    await this.publisher.publish({ topic: Topics.ChannelConfigured, key: channel.uuid, event: envelope(Topics.ChannelConfigured, data) });
  }
}
