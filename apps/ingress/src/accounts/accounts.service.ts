import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ChannelConfiguredData,
  channelConfiguredKey,
  ChannelIntegration,
  defaultChannelLanguage,
  defaultMessagesPerSecond,
  ErrorCodes,
  envelope,
  SendMessageDto,
  SealedSecret,
  Topics,
  UUID_REFERENCE_PATTERN,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { HeraldError } from '../http/herald-error';
import { AccountsCache } from './accounts-cache.service';
import { AccountsChangesRepository } from './accounts-changes.repository';
import { AccountsRepository, ChannelSettings } from './accounts.repository';
import { ApiKey } from './api-key.entity';
import { Channel } from './channel.entity';
import { Member } from './member.entity';
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
  accessTokenSealed: SealedSecret;
  isDefault?: boolean;
  integration?: ChannelIntegration;
  language?: string;
  messagesPerSecond?: number;
  uuid?: string;
}

/** Something an account command refers to does not exist, or would be duplicated. */
export class AccountError extends Error {}

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Teams, their API keys and their channels. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly changes: AccountsChangesRepository,
    private readonly publisher: EventPublisher,
    private readonly cache: AccountsCache,
  ) {}

  async authenticate(secret: string): Promise<AuthenticatedTeam | null> {
    const secretHash = hashSecret(secret);
    return this.cache.get(`key:${secretHash}`, async () => {
      const key = await this.accounts.findActiveKeyByHash(secretHash);
      return key ? { teamUuid: key.teamUuid, apiKeyUuid: key.uuid } : null;
    });
  }

  /**
   * The channel a request sends from: `channel_uuid` when given, else `from` (a channel uuid, or a channel type
   * naming the team's default channel of that type). Another team's channel is as unknown as a missing one.
   */
  async resolveChannel(teamUuid: string, request: Pick<SendMessageDto, 'from' | 'channel_uuid'>): Promise<Channel> {
    const fromIsUuid = UUID_REFERENCE_PATTERN.test(request.from);
    if (request.channel_uuid && fromIsUuid && normalizeUuid(request.from) !== normalizeUuid(request.channel_uuid)) {
      throw new HeraldError(ErrorCodes.ValidationFailed, 'from and channel_uuid name different channels', [
        { field: 'channel_uuid', problem: 'names another channel than from' },
      ]);
    }
    const uuid = request.channel_uuid ?? (fromIsUuid ? request.from : undefined);
    const channel = await this.cache.get(`channel:${teamUuid}:${uuid ? normalizeUuid(uuid) : request.from}`, () =>
      uuid
        ? this.accounts.findActiveChannel(teamUuid, normalizeUuid(uuid))
        : this.accounts.activeDefaultChannelOf(teamUuid, request.from as Channel['type']),
    );
    if (!channel) {
      const field = request.channel_uuid ? 'channel_uuid' : 'from';
      throw new HeraldError(ErrorCodes.ChannelNotFound, 'No such active channel for this team', [
        { field, problem: uuid ? 'no active channel of this team has this uuid' : `no active ${request.from} channel is configured for this team` },
      ]);
    }
    return channel;
  }

  /** The team's channel with this uuid, active or not: one that received a customer's message, read back later. */
  teamChannel(teamUuid: string, uuid: string): Promise<Channel | null> {
    return this.accounts.findTeamChannel(teamUuid, uuid);
  }

  listTeams(): Promise<Team[]> {
    return this.accounts.listTeams();
  }

  async requireTeam(teamUuid: string): Promise<Team> {
    const team = UUID_REFERENCE_PATTERN.test(teamUuid) ? await this.accounts.findTeam(normalizeUuid(teamUuid)) : null;
    if (!team) throw new AccountError(`There is no team ${teamUuid}`);
    return team;
  }

  async addMember(teamUuid: string, email: string, name?: string): Promise<Member> {
    await this.requireTeam(teamUuid);
    const normalized = email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalized)) throw new AccountError(`${email} is not an email address`);
    if (await this.accounts.isMember(teamUuid, normalized)) {
      throw new AccountError(`${normalized} is already a member of this team`);
    }
    return this.accounts.addMember({ uuid: randomUUID(), teamUuid, email: normalized, name: name ?? null });
  }

  listMembers(teamUuid: string): Promise<Member[]> {
    return this.accounts.listMembers(teamUuid);
  }

  isMember(teamUuid: string, email: string): Promise<boolean> {
    return this.accounts.isMember(teamUuid, email.trim().toLowerCase());
  }

  listApiKeys(teamUuid: string): Promise<ApiKey[]> {
    return this.accounts.listKeys(teamUuid);
  }

  /** A revoked key stops authenticating at once. */
  async revokeApiKey(keyUuid: string): Promise<ApiKey> {
    const key = UUID_REFERENCE_PATTERN.test(keyUuid) ? await this.accounts.findKey(normalizeUuid(keyUuid)) : null;
    if (!key) throw new AccountError(`There is no API key ${keyUuid}`);
    if (!key.revokedAt) {
      await this.accounts.revokeKey(key.uuid);
      await this.changes.announce();
    }
    return this.accounts.getKey(key.uuid);
  }

  listChannels(teamUuid: string): Promise<Channel[]> {
    return this.accounts.listChannels(teamUuid);
  }

  createTeam(name: string, uuid: string = randomUUID()): Promise<Team> {
    return this.accounts.upsertTeam(uuid, name);
  }

  /**
   * Creates a key; the secret is returned here once and only its hash is kept. A given secret (the demo seed's)
   * that is already a key gives that key back as it is: a revoked key stays revoked.
   */
  async createApiKey(teamUuid: string, name: string, secret = `hk_${randomBytes(24).toString('hex')}`) {
    await this.requireTeam(teamUuid);
    const secretHash = hashSecret(secret);
    const key = await this.accounts.addKeyOnce({ uuid: randomUUID(), teamUuid, name, secretHash, prefix: secret.slice(0, 10) });
    if (key.revokedAt) throw new AccountError(`API key ${key.uuid} with this secret was revoked, and a revoked key is never turned back on`);
    if (key.teamUuid !== teamUuid) throw new AccountError('this secret is already the key of another team');
    // A replica that was just asked for this secret remembers it as unknown (AccountsCache).
    await this.changes.announce();
    return { uuid: key.uuid, secret };
  }

  /** Stores a channel and tells the other services about it (they keep what they need of it). */
  async saveChannel(channel: NewChannel): Promise<Channel> {
    await this.requireTeam(channel.teamUuid);
    const uuid = channel.uuid ?? randomUUID();
    await this.refuseSharedNumber(channel.phoneNumberId, uuid);
    // A team's first channel of a type is its default one.
    const currentDefault = await this.accounts.defaultChannelOf(channel.teamUuid, 'whatsapp');
    const isDefault = channel.isDefault ?? (!currentDefault || currentDefault.uuid === uuid);
    if (isDefault && currentDefault && currentDefault.uuid !== uuid) {
      await this.accounts.clearDefault(currentDefault.uuid);
    }
    const written = await this.accounts.upsertChannel({
      uuid,
      teamUuid: channel.teamUuid,
      type: 'whatsapp',
      name: channel.name,
      isDefault,
      integration: channel.integration ?? 'whatsapp_business_api',
      phoneNumberId: channel.phoneNumberId,
      wabaId: channel.wabaId,
      accessTokenSealed: channel.accessTokenSealed,
      language: channel.language ?? defaultChannelLanguage,
      messagesPerSecond: channel.messagesPerSecond ?? defaultMessagesPerSecond,
      active: true,
    });
    // Another channel took the number between the check and the write.
    if (written === 'phone number taken') {
      const owner = await this.accounts.findChannelByPhoneNumberId(channel.phoneNumberId);
      throw sharedNumber(channel.phoneNumberId, owner?.uuid ?? 'another channel');
    }
    const saved = await this.accounts.getChannel(uuid);
    await this.changes.announce();
    await this.publishChannel(saved);
    return saved;
  }

  /** A phone number id belongs to one channel: its customers' messages and statuses are that channel's alone. */
  private async refuseSharedNumber(phoneNumberId: string, uuid: string): Promise<void> {
    const owner = await this.accounts.findChannelByPhoneNumberId(phoneNumberId);
    if (owner && owner.uuid !== uuid) throw sharedNumber(phoneNumberId, owner.uuid);
  }

  /** Changes a channel's settings and tells the other services (a new rate limit holds within a second or so). */
  async updateChannel(uuid: string, settings: ChannelSettings): Promise<Channel> {
    const channel = await this.accounts.findChannel(normalizeUuid(uuid));
    if (!channel) throw new AccountError(`no channel ${uuid}`);
    if (Object.keys(settings).length === 0) throw new AccountError('nothing to change: name a setting');
    await this.accounts.updateChannel(channel.uuid, settings);
    await this.changes.announce();
    const saved = await this.accounts.getChannel(channel.uuid);
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
      accessTokenSealed: channel.accessTokenSealed,
      active: channel.active,
      integration: channel.integration,
      language: channel.language,
      messagesPerSecond: channel.messagesPerSecond,
    };
    await this.publisher.publish({ topic: Topics.ChannelConfigured, key: channelConfiguredKey(data), event: envelope(Topics.ChannelConfigured, data) });
  }

  /**
   * Seals every channel's access token again where `reseal` gives a new sealed value (a key rotation), and announces
   * those channels, so the services that open tokens store them sealed under the new key too. Returns how many.
   */
  async resealAccessTokens(reseal: (sealed: SealedSecret) => SealedSecret | undefined): Promise<number> {
    let changed = 0;
    for (const channel of await this.accounts.listAllChannels()) {
      const accessTokenSealed = reseal(channel.accessTokenSealed);
      if (accessTokenSealed === undefined) continue;
      await this.accounts.updateChannel(channel.uuid, { accessTokenSealed });
      await this.publishChannel({ ...channel, accessTokenSealed });
      changed += 1;
    }
    return changed;
  }
}

const sharedNumber = (phoneNumberId: string, owner: string) =>
  new AccountError(`phone number id ${phoneNumberId} already belongs to channel ${owner}; a number can serve one channel only`);

/** Herald writes uuids in their dashed form; Callbell-style 32-digit ones mean the same uuid. */
export function normalizeUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
