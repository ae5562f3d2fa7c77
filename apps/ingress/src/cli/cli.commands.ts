import { readFile } from 'node:fs/promises';
import {
  channelIntegrations,
  checkContract,
  CreateWebhookEndpointDto,
  ListWebhookDeliveriesQueryDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryEventTypes,
  WebhookDeliveryStatuses,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  defaultChannelLanguage,
  defaultMessagesPerSecond,
  maxMessagesPerSecond,
  type SealedSecret,
  templateLanguagePattern,
  UUID_REFERENCE_PATTERN,
} from '@herald/contracts';
import { DeadLetter, DeadLetterError, DeadLetters } from '@herald/kafka';
import { Command, InvalidArgumentError, Option } from 'commander';
import { AccountsService } from '../accounts/accounts.service';
import type { OperatorDecisions } from './operator-decisions.service';
import type { InternalServicesClient } from '../internal/internal-services.client';
import type { WebhookEndpointsService } from '../webhook-endpoints/webhook-endpoints.service';

type Print = (human: string, machine: unknown) => void;

/** What the CLI needs beyond the accounts: sealing access tokens (HERALD_SECRET_KEY), and its standard input. */
export interface CliSecrets {
  seal(token: string): SealedSecret;
  /** The token sealed under the current key, or undefined when it already is. */
  reseal(sealed: SealedSecret): SealedSecret | undefined;
  readStdin(): Promise<string>;
}

/** A command used wrongly, said in one line. */
export class CliUsageError extends Error {}

/**
 * `npm run herald -- <command>`: teams, members, API keys and channels. Each command prints a line for a person,
 * or JSON with --json.
 */
export function buildCli(
  accounts: () => Promise<AccountsService>,
  print: Print,
  internal: () => Promise<InternalServicesClient>,
  deadLetters: () => Promise<DeadLetters>,
  decisions: () => Promise<OperatorDecisions>,
  secrets: CliSecrets,
  webhooks: () => Promise<WebhookEndpointsService>,
): Command {
  const program = new Command('herald')
    .description('Manage Herald teams, members, API keys, channels, templates, webhook endpoints and dead letters')
    .option('--json', 'print JSON instead of text')
    .exitOverride()
    // Every error is one line, as the CLI's own are (cli.ts); subcommands inherit this.
    .configureOutput({ outputError: (text, write) => write(`herald: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`) });

  const teams = program.command('teams').description('teams');
  teams
    .command('create')
    .requiredOption('--name <name>', 'the team name')
    .action(async ({ name }: { name: string }) => {
      const team = await (await accounts()).createTeam(name);
      print(`team ${team.uuid} "${team.name}" created`, { uuid: team.uuid, name: team.name });
    });
  teams.command('list').action(async () => {
    const all = await (await accounts()).listTeams();
    print(all.map((team) => `${team.uuid}  ${team.name}`).join('\n') || 'no teams', all.map(({ uuid, name }) => ({ uuid, name })));
  });

  const members = program.command('members').description('team members (the valid assigned_user emails)');
  members
    .command('add')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .requiredOption('--email <email>', "the member's email")
    .option('--name <name>', "the member's name")
    .action(async ({ team, email, name }: { team: string; email: string; name?: string }) => {
      const member = await (await accounts()).addMember(team, email, name);
      print(`member ${member.email} added to team ${team}`, { uuid: member.uuid, email: member.email, name: member.name });
    });
  members
    .command('list')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .action(async ({ team }: { team: string }) => {
      const all = await (await accounts()).listMembers(team);
      print(
        all.map((member) => `${member.email}${member.name ? `  ${member.name}` : ''}`).join('\n') || 'no members',
        all.map(({ uuid, email, name }) => ({ uuid, email, name })),
      );
    });

  const keys = program.command('keys').description('API keys');
  keys
    .command('create')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .option('--name <name>', 'what the key is for', 'api key')
    .action(async ({ team, name }: { team: string; name: string }) => {
      const key = await (await accounts()).createApiKey(team, name);
      print(
        `API key ${key.uuid} created. Its secret, shown this once only (Herald keeps only a hash):\n\n  ${key.secret}\n`,
        { uuid: key.uuid, secret: key.secret },
      );
    });
  keys
    .command('list')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .action(async ({ team }: { team: string }) => {
      const all = await (await accounts()).listApiKeys(team);
      print(
        all.map((key) => `${key.uuid}  ${key.prefix}…  ${key.name}${key.revokedAt ? '  (revoked)' : ''}`).join('\n') || 'no keys',
        all.map(({ uuid, name, prefix, createdAt, revokedAt }) => ({ uuid, name, prefix, createdAt, revokedAt })),
      );
    });
  keys
    .command('revoke')
    .addOption(uuidOption('--key <uuid>', 'the key').makeOptionMandatory())
    .action(async ({ key }: { key: string }) => {
      const revoked = await (await accounts()).revokeApiKey(key);
      print(`API key ${revoked.uuid} revoked`, { uuid: revoked.uuid, revokedAt: revoked.revokedAt });
    });

  const channels = program.command('channels').description("a team's WhatsApp numbers");
  channels
    .command('add')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .requiredOption('--name <name>', 'a name for people')
    .requiredOption('--phone-number-id <id>', 'the WhatsApp Business phone number id')
    .requiredOption('--waba-id <id>', 'the WhatsApp Business Account id')
    .option('--access-token-file <path>', 'a file holding the access token to send with')
    .option('--access-token-stdin', 'read the access token to send with from standard input')
    .addOption(refusedTokenOption())
    .addOption(new Option('--integration <kind>', 'how the number is connected').choices(channelIntegrations).default('whatsapp_business_api'))
    .option('--default', "make it the team's default WhatsApp channel (a team's first channel is)")
    .addOption(languageOption().default(defaultChannelLanguage))
    .addOption(rateOption().default(defaultMessagesPerSecond))
    .action(
      async (options: {
        team: string;
        name: string;
        phoneNumberId: string;
        wabaId: string;
        accessTokenFile?: string;
        accessTokenStdin?: boolean;
        accessToken?: string;
        integration: (typeof channelIntegrations)[number];
        default?: boolean;
        language: string;
        messagesPerSecond: number;
      }) => {
        const token = await readAccessToken(options, secrets);
        if (token === undefined) throw new CliUsageError('channels add needs the access token: --access-token-file <path> or --access-token-stdin');
        const channel = await (await accounts()).saveChannel({
          teamUuid: options.team,
          name: options.name,
          phoneNumberId: options.phoneNumberId,
          wabaId: options.wabaId,
          accessTokenSealed: secrets.seal(token),
          integration: options.integration,
          language: options.language,
          messagesPerSecond: options.messagesPerSecond,
          ...(options.default ? { isDefault: true } : {}),
        });
        print(`channel ${channel.uuid} "${channel.name}" added${channel.isDefault ? ' (default)' : ''}`, {
          uuid: channel.uuid,
          name: channel.name,
          isDefault: channel.isDefault,
        });
      },
    );
  channels
    .command('set')
    .description("change a channel's settings")
    .addOption(uuidOption('--channel <uuid>', 'the channel').makeOptionMandatory())
    .option('--name <name>', 'a name for people')
    .option('--access-token-file <path>', 'a file holding a new access token (also clears an unhealthy mark)')
    .option('--access-token-stdin', 'read a new access token from standard input (also clears an unhealthy mark)')
    .addOption(refusedTokenOption())
    .addOption(languageOption())
    .addOption(rateOption())
    .action(async (options: TokenOptions & { channel: string; name?: string; language?: string; messagesPerSecond?: number }) => {
      const { channel, name, language, messagesPerSecond } = options;
      const token = await readAccessToken(options, secrets);
      const settings = {
        ...(name !== undefined ? { name } : {}),
        ...(language !== undefined ? { language } : {}),
        ...(messagesPerSecond !== undefined ? { messagesPerSecond } : {}),
        ...(token !== undefined ? { accessTokenSealed: secrets.seal(token) } : {}),
      };
      const saved = await (await accounts()).updateChannel(channel, settings);
      print(`channel ${saved.uuid} updated: ${saved.language}, ${saved.messagesPerSecond} messages/s`, {
        uuid: saved.uuid,
        name: saved.name,
        language: saved.language,
        messagesPerSecond: saved.messagesPerSecond,
      });
    });
  channels
    .command('reseal')
    .description('seal every access token again under HERALD_SECRET_KEY, after a key rotation (see docs/security.md)')
    .action(async () => {
      const changed = await (await accounts()).resealAccessTokens((sealed) => secrets.reseal(sealed));
      print(`${changed} access tokens sealed again under the current key`, { resealed: changed });
    });
  channels
    .command('list')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .action(async ({ team }: { team: string }) => {
      const all = await (await accounts()).listChannels(team);
      const visible = all.map(({ uuid, name, phoneNumberId, wabaId, integration, isDefault, active, language, messagesPerSecond }) => ({
        uuid,
        language,
        messagesPerSecond,
        name,
        phoneNumberId,
        wabaId,
        integration,
        isDefault,
        active,
      }));
      print(
        visible.map((c) => `${c.uuid}  ${c.name}  phone ${c.phoneNumberId}  ${c.integration}  ${c.language}  ${c.messagesPerSecond}/s${c.isDefault ? '  (default)' : ''}`).join('\n') ||
          'no channels',
        visible,
      );
    });

  const templates = program.command('templates').description("a team's WhatsApp message templates");
  templates
    .command('sync')
    .description("fetch the team's templates from WhatsApp now (the template service also syncs on a schedule)")
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .action(async ({ team }: { team: string }) => {
      const known = await (await accounts()).requireTeam(team);
      const { synced } = await (await internal()).call<{ synced: number }>('template', `/templates/sync?team=${known.uuid}`, { method: 'POST' });
      print(`${synced} templates synced for team ${known.uuid}`, { team: known.uuid, synced });
    });

  const letters = program.command('dead-letters').description('events set aside as unprocessable, with the reason');
  letters
    .command('list')
    .requiredOption('--topic <topic>', 'the topic whose dead letters to show, such as message.requested')
    .action(async ({ topic }: { topic: string }) => {
      const all = await (await deadLetters()).list(topic);
      print(all.map(describeDeadLetter).join('\n') || `no dead letters on ${topic}`, all.map(deadLetterView));
    });
  letters
    .command('replay')
    .description('publish dead letters to their topic again, once what made them fail is fixed')
    .requiredOption('--topic <topic>', 'the topic whose dead letters to replay, such as message.requested')
    .option('--id <ids...>', 'the dead letters to replay, by id (partition:offset) or event id')
    .option('--all', 'replay every dead letter of the topic')
    .action(async ({ topic, id, all }: { topic: string; id?: string[]; all?: boolean }) => {
      if (!id === !all) throw new DeadLetterError('name the dead letters to replay with --id, or replay them all with --all');
      const replayed = await (await deadLetters()).replay(topic, all ? 'all' : (id ?? []));
      print(replayed.map((letter) => `replayed ${describeDeadLetter(letter)}`).join('\n') || 'nothing to replay', replayed.map(deadLetterView));
    });

  const messages = program.command('messages').description('messages held because WhatsApp did not tell whether it took them');
  for (const [decision, description] of [
    ['resend', 'send it again (the customer may get it twice)'],
    ['abandon', 'give it up: it ends failed (abandoned_by_operator)'],
  ] as const) {
    messages
      .command(decision)
      .description(description)
      .requiredOption('--message <uuid>', 'the held message')
      .action(async ({ message }: { message: string }) => {
        const decided = await (await decisions()).decide(message, decision);
        print(`message ${decided.messageUuid}: ${decision} sent to the dispatcher`, { uuid: decided.messageUuid, decision });
      });
  }

  addWebhookCommands(program, accounts, webhooks, print);

  return program;
}

/**
 * `webhooks ...`: a team's webhook endpoints and their delivery log, through the service the HTTP API uses, with the
 * HTTP API's checks (the same DTOs, the same URL policy).
 */
function addWebhookCommands(program: Command, accounts: () => Promise<AccountsService>, webhooks: () => Promise<WebhookEndpointsService>, print: Print): void {
  const group = program.command('webhooks').description("a team's webhook endpoints and their deliveries");
  const teamOf = async (team: string) => (await (await accounts()).requireTeam(team)).uuid;
  const endpointLine = (endpoint: WebhookEndpointView) =>
    `${endpoint.uuid}  ${endpoint.url}  ${endpoint.events.join(',')}${endpoint.enabled ? '' : `  (disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''})`}${endpoint.description ? `  ${endpoint.description}` : ''}`;
  const deliveryLine = (delivery: WebhookDeliveryView) => {
    const last = delivery.attempts[delivery.attempts.length - 1];
    const outcome = last ? `  last ${last.responseCode ?? last.error ?? '-'} in ${last.latencyMs} ms` : '';
    return `${delivery.id}  ${delivery.createdAt}  ${delivery.event}  ${delivery.eventId}  ${delivery.status}  ${delivery.attempts.length} attempts${outcome}${delivery.nextAttemptAt ? `  next ${delivery.nextAttemptAt}` : ''}`;
  };
  const withSecret = (endpoint: WebhookEndpointView, what: string) =>
    `endpoint ${endpoint.uuid} ${what}. Its signing secret, shown this once only:\n\n  ${endpoint.secret}\n`;
  const eventsOption = () => new Option('--events <events>', `comma-separated: ${WebhookDeliveryEventTypes.filter((event) => event !== 'ping').join(', ')}`).argParser(commaList);

  group
    .command('list')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .action(async ({ team }: { team: string }) => {
      const all = await (await webhooks()).list(await teamOf(team));
      print(all.map(endpointLine).join('\n') || 'no webhook endpoints', all);
    });
  group
    .command('add')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .requiredOption('--url <url>', 'where the events go (https)')
    .addOption(eventsOption().makeOptionMandatory())
    .option('--description <text>', 'what the endpoint is for')
    .option('--disabled', 'add it disabled')
    .action(async (options: { team: string; url: string; events: string[]; description?: string; disabled?: boolean }) => {
      const request = contractOf(CreateWebhookEndpointDto, {
        url: options.url,
        events: options.events,
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.disabled ? { enabled: false } : {}),
      });
      const endpoint = await (await webhooks()).create(await teamOf(options.team), request);
      print(withSecret(endpoint, 'added'), endpoint);
    });
  group
    .command('set')
    .description("change an endpoint's url, events, description, or whether it is enabled")
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .addOption(uuidOption('--endpoint <uuid>', 'the endpoint').makeOptionMandatory())
    .option('--url <url>', 'where the events go (https)')
    .addOption(eventsOption())
    .option('--description <text>', 'what the endpoint is for')
    .addOption(new Option('--enable', 'enable it (clears why Herald disabled it)').conflicts('disable'))
    .option('--disable', 'disable it')
    .action(async (options: { team: string; endpoint: string; url?: string; events?: string[]; description?: string; enable?: boolean; disable?: boolean }) => {
      const request = contractOf(UpdateWebhookEndpointDto, {
        ...(options.url !== undefined ? { url: options.url } : {}),
        ...(options.events !== undefined ? { events: options.events } : {}),
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.enable ? { enabled: true } : options.disable ? { enabled: false } : {}),
      });
      const endpoint = await (await webhooks()).update(await teamOf(options.team), options.endpoint, request);
      print(`endpoint ${endpointLine(endpoint)}`, endpoint);
    });
  group
    .command('remove')
    .description('delete an endpoint and its delivery log')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .addOption(uuidOption('--endpoint <uuid>', 'the endpoint').makeOptionMandatory())
    .action(async ({ team, endpoint }: { team: string; endpoint: string }) => {
      await (await webhooks()).remove(await teamOf(team), endpoint);
      print(`endpoint ${endpoint} removed`, { uuid: endpoint, removed: true });
    });
  group
    .command('rotate-secret')
    .description('a new signing secret; the previous one stays valid for 24 hours')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .addOption(uuidOption('--endpoint <uuid>', 'the endpoint').makeOptionMandatory())
    .action(async ({ team, endpoint }: { team: string; endpoint: string }) => {
      const rotated = await (await webhooks()).rotateSecret(await teamOf(team), endpoint);
      print(withSecret(rotated, 'has a new secret (the previous one stays valid for 24 hours)'), rotated);
    });
  group
    .command('test')
    .description('send the endpoint a ping event')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .addOption(uuidOption('--endpoint <uuid>', 'the endpoint').makeOptionMandatory())
    .action(async ({ team, endpoint }: { team: string; endpoint: string }) => {
      const delivery = await (await webhooks()).test(await teamOf(team), endpoint);
      print(`ping queued: delivery ${delivery.id}, event ${delivery.eventId}`, delivery);
    });
  group
    .command('deliveries')
    .description("the team's deliveries, newest first")
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .addOption(uuidOption('--endpoint <uuid>', 'only this endpoint'))
    .addOption(new Option('--status <status>', 'only these').choices(WebhookDeliveryStatuses))
    .addOption(new Option('--event <event>', 'only this event').choices(WebhookDeliveryEventTypes))
    .option('--limit <n>', 'how many (at most 100)', '20')
    .option('--cursor <cursor>', 'the next page, as the previous one ended')
    .action(async (options: { team: string; endpoint?: string; status?: string; event?: string; limit: string; cursor?: string }) => {
      const query = contractOf(ListWebhookDeliveriesQueryDto, {
        limit: options.limit,
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        ...(options.status !== undefined ? { status: options.status } : {}),
        ...(options.event !== undefined ? { event: options.event } : {}),
        ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
      });
      const page = await (await webhooks()).listDeliveries(await teamOf(options.team), query);
      const more = page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : '';
      print((page.deliveries.map(deliveryLine).join('\n') || 'no deliveries') + more, page);
    });
  group
    .command('replay')
    .description('deliver again, with the original event ids: one delivery, or everything of an endpoint since a time')
    .addOption(uuidOption('--team <uuid>', 'the team').makeOptionMandatory())
    .option('--delivery <id>', 'the delivery to replay')
    .addOption(uuidOption('--endpoint <uuid>', 'the endpoint whose deliveries to replay (with --since)'))
    .option('--since <time>', 'replay the deliveries made at or after this time, such as 2026-11-25T10:00:00Z')
    .action(async (options: { team: string; delivery?: string; endpoint?: string; since?: string }) => {
      const teamUuid = await teamOf(options.team);
      if (options.delivery !== undefined && options.endpoint === undefined && options.since === undefined) {
        const delivery = await (await webhooks()).replay(teamUuid, options.delivery);
        print(`delivery ${delivery.id} queued again (event ${delivery.eventId})`, delivery);
      } else if (options.delivery === undefined && options.endpoint !== undefined && options.since !== undefined) {
        const { replayed } = await (await webhooks()).replaySince(teamUuid, options.endpoint, options.since);
        print(`${replayed} deliveries of endpoint ${options.endpoint} queued again`, { replayed });
      } else {
        throw new CliUsageError('replay one delivery with --delivery <id>, or an endpoint\'s with --endpoint <uuid> --since <time>');
      }
    });
}

const commaList = (value: string): string[] => value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);

/** Options checked with the HTTP API's DTO: the same rules, said as one line. */
function contractOf<T extends object>(contract: new () => T, input: Record<string, unknown>): T {
  const check = checkContract(contract, input);
  if (!check.ok) throw new CliUsageError(check.problems.map(({ field, problem }) => (problem.startsWith(field) ? problem : `${field}: ${problem}`)).join('; '));
  return check.value;
}

function describeDeadLetter(letter: DeadLetter): string {
  return `${letter.id}  ${letter.topic ?? 'whatsapp.webhook'}  ${letter.at ?? '-'}  ${letter.messageUuid ? `message ${letter.messageUuid}` : `event ${letter.eventId ?? '-'}`}  ${letter.reason}`;
}

function deadLetterView({ id, topic, reason, at, eventId, messageUuid }: DeadLetter) {
  return { id, topic, reason, at, eventId, messageUuid };
}

interface TokenOptions {
  accessTokenFile?: string;
  accessTokenStdin?: boolean;
  accessToken?: string;
}

/** A token on the command line would show in `ps` and in the shell's history: it is read from a file or stdin. */
const refusedTokenOption = () => new Option('--access-token <token>').hideHelp();

async function readAccessToken(options: TokenOptions, secrets: CliSecrets): Promise<string | undefined> {
  if (options.accessToken !== undefined) {
    throw new CliUsageError(
      '--access-token is refused: a token on the command line shows in `ps` and in shell history; use --access-token-file <path> or --access-token-stdin',
    );
  }
  if (options.accessTokenFile !== undefined && options.accessTokenStdin) {
    throw new CliUsageError('give the access token one way: --access-token-file or --access-token-stdin, not both');
  }
  let text: string;
  if (options.accessTokenFile !== undefined) {
    const file = options.accessTokenFile;
    text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CliUsageError(`cannot read the access token file ${file}: ${error.code ?? error.message}`);
    });
  } else if (options.accessTokenStdin) {
    text = await secrets.readStdin();
  } else {
    return undefined;
  }
  const token = text.trim();
  if (!token) throw new CliUsageError('the access token given is empty');
  if (/\s/.test(token)) throw new CliUsageError('the access token given holds spaces or several lines: give the token alone');
  return token;
}

const uuidOption = (flags: string, description: string) =>
  new Option(flags, description).argParser((value) => {
    if (!UUID_REFERENCE_PATTERN.test(value)) throw new InvalidArgumentError('not a uuid.');
    return value;
  });

const languageOption = () =>
  new Option('--language <code>', 'the template language used when a request names none, such as en_US or es').argParser((value) => {
    if (!templateLanguagePattern.test(value)) throw new InvalidArgumentError('a WhatsApp language code, such as en_US or es');
    return value;
  });

const rateOption = () =>
  new Option('--messages-per-second <n>', `the number's WhatsApp throughput limit (1 to ${maxMessagesPerSecond})`).argParser((value) => {
    const rate = Number(value);
    if (!Number.isInteger(rate) || rate < 1 || rate > maxMessagesPerSecond) {
      throw new InvalidArgumentError(`a whole number from 1 to ${maxMessagesPerSecond}`);
    }
    return rate;
  });
