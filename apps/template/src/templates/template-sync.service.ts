import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { envelope, templateStatusKey, Topics, templateUuidFor } from '@herald/contracts';
import { EventPublisher, isTransientFailure } from '@herald/kafka';
import { listMessageTemplates, SecretBox } from '@herald/whatsapp';
import { TemplateConfig } from '../config/template.config';
import { AccountsRepository, SyncAccount } from './accounts.repository';
import type { Template } from './template.entity';
import { TemplatesRepository } from './templates.repository';

/** The scheduled sync's name in the SchedulerRegistry. */
const TEMPLATE_SYNC = 'template-sync';

/**
 * Keeps the template store in step with WhatsApp: an account's templates are synced when one of its channels is
 * configured, at start-up and on a schedule, so a template Meta pauses or rejects shows up at the next sync; and
 * when a message names a template the store does not have (syncUnlessRecent), so that neither a template approved
 * since the last sync nor a sync that failed (WhatsApp unreachable as the channel was configured) has a message
 * refused as template_not_found. A template whose status a sync finds changed, or a new one, is published on
 * `template.status`.
 */
@Injectable()
export class TemplateSyncService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TemplateSyncService.name);
  /** The scheduled sync under way: a tick that comes while it lasts is skipped. */
  private scheduled?: Promise<unknown>;
  /** When each account was last synced, or asked to be on demand (Date.now()). */
  private readonly syncedAt = new Map<string, number>();
  /** The on-demand syncs under way, by account: concurrent batches wait for the same one. */
  private readonly syncing = new Map<string, Promise<boolean>>();

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly templates: TemplatesRepository,
    private readonly config: TemplateConfig,
    private readonly secrets: SecretBox,
    private readonly scheduler: SchedulerRegistry,
    private readonly publisher: EventPublisher,
  ) {}

  /** A sync at start-up, then one every TEMPLATE_SYNC_INTERVAL_MS. */
  onApplicationBootstrap(): void {
    const tick = () => {
      this.scheduled ??= this.syncAll()
        .catch((error: Error) => this.logger.warn(`templates not synced: ${error.message}`))
        .finally(() => (this.scheduled = undefined));
    };
    tick();
    const interval = setInterval(tick, this.config.TEMPLATE_SYNC_INTERVAL_MS);
    interval.unref();
    this.scheduler.addInterval(TEMPLATE_SYNC, interval);
  }

  beforeApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', TEMPLATE_SYNC)) this.scheduler.deleteInterval(TEMPLATE_SYNC);
  }

  /** Syncs every active account; one account failing does not stop the others. */
  async syncAll(): Promise<number> {
    let synced = 0;
    for (const account of await this.accounts.active()) {
      try {
        synced += await this.syncAccount(account);
      } catch (error) {
        this.logger.warn(`templates of account ${account.wabaId} not synced: ${(error as Error).message}`);
      }
    }
    return synced;
  }

  /**
   * Syncs the account unless it was synced (or tried on demand) within TEMPLATE_ON_DEMAND_SYNC_AFTER_MS; answers
   * whether it synced. WhatsApp being unreachable is thrown, so the message that asked is retried until it is back;
   * any other failure is logged, and the store stays as it is.
   */
  syncUnlessRecent(wabaId: string): Promise<boolean> {
    const last = this.syncedAt.get(wabaId);
    if (last !== undefined && Date.now() - last < this.config.TEMPLATE_ON_DEMAND_SYNC_AFTER_MS) return Promise.resolve(false);
    let sync = this.syncing.get(wabaId);
    if (!sync) {
      sync = this.syncOnDemand(wabaId).finally(() => this.syncing.delete(wabaId));
      this.syncing.set(wabaId, sync);
    }
    return sync;
  }

  private async syncOnDemand(wabaId: string): Promise<boolean> {
    const account = await this.accounts.activeOne(wabaId);
    if (!account) return false;
    try {
      await this.syncAccount(account);
      return true;
    } catch (error) {
      if (isTransientFailure(error)) throw error;
      this.syncedAt.set(wabaId, Date.now());
      this.logger.warn(`templates of account ${wabaId} not synced on demand: ${(error as Error).message}`);
      return false;
    }
  }

  async syncAccount(account: SyncAccount): Promise<number> {
    const templates = await listMessageTemplates(
      { apiUrl: this.config.WHATSAPP_API_URL, apiVersion: this.config.WHATSAPP_API_VERSION, accessToken: this.secrets.open(account.accessTokenSealed) },
      account.wabaId,
      this.config.WHATSAPP_REQUEST_TIMEOUT_MS,
    );
    const syncedAt = new Date();
    const found: Template[] = templates.map((template) => ({
      uuid: templateUuidFor(account.wabaId, template.name, template.language),
      wabaId: account.wabaId,
      providerId: template.id,
      name: template.name,
      language: template.language,
      category: template.category,
      status: template.status,
      parameterFormat: template.parameter_format ?? 'POSITIONAL',
      components: template.components,
      syncedAt,
    }));
    // Published before they are stored: a sync that fails between the two finds the same changes next time.
    await this.publishChanges(account.wabaId, statusChanges(found, await this.templates.statusesOf(account.wabaId)), syncedAt);
    await this.templates.store(found);
    this.syncedAt.set(account.wabaId, Date.now());
    this.logger.log(`synced ${templates.length} templates of account ${account.wabaId}`);
    return templates.length;
  }

  private async publishChanges(wabaId: string, changes: TemplateStatusChange[], at: Date): Promise<void> {
    if (changes.length === 0) return;
    const teamUuids = await this.accounts.teamsOf(wabaId);
    await Promise.all(
      changes.map(({ template, previousStatus }) => {
        const data = {
          templateUuid: template.uuid,
          wabaId,
          teamUuids,
          name: template.name,
          language: template.language,
          status: template.status,
          previousStatus,
          at: at.toISOString(),
        };
        return this.publisher.publish({ topic: Topics.TemplateStatus, key: templateStatusKey(data), event: envelope(Topics.TemplateStatus, data) });
      }),
    );
    this.logger.log(`${changes.length} templates of account ${wabaId} changed status`);
  }
}

interface TemplateStatusChange {
  template: Template;
  /** null for a template not stored before. */
  previousStatus: string | null;
}

/** The templates found whose status differs from the one stored, or that were not stored. */
function statusChanges(found: Template[], stored: ReadonlyMap<string, string>): TemplateStatusChange[] {
  return found.flatMap((template) => {
    const previousStatus = stored.get(template.uuid) ?? null;
    return previousStatus === template.status ? [] : [{ template, previousStatus }];
  });
}
