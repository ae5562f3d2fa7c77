import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { templateUuidFor } from '@herald/contracts';
import { listMessageTemplates } from '@herald/whatsapp';
import { DataSource } from 'typeorm';
import { Channel } from '../channels/channel.entity';
import { TemplateConfig } from '../config/template.config';
import { Template } from './template.entity';

/**
 * Keeps the template store in step with WhatsApp: an account's templates are synced when one of its channels is
 * configured, at start-up and on a schedule, so a template Meta pauses or rejects shows up at the next sync.
 */
@Injectable()
export class TemplateSyncService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemplateSyncService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: TemplateConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.syncAll();
    this.timer = setInterval(() => void this.syncAll(), this.config.TEMPLATE_SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Syncs every active account; one account failing does not stop the others. */
  async syncAll(): Promise<number> {
    const channels = await this.dataSource.manager.findBy(Channel, { active: true });
    const byAccount = new Map(channels.map((channel) => [channel.wabaId, channel]));
    let synced = 0;
    for (const channel of byAccount.values()) {
      try {
        synced += await this.syncAccount(channel);
      } catch (error) {
        this.logger.warn(`templates of account ${channel.wabaId} not synced: ${(error as Error).message}`);
      }
    }
    return synced;
  }

  async syncAccount(channel: Pick<Channel, 'wabaId' | 'accessToken'>): Promise<number> {
    const templates = await listMessageTemplates(
      { apiUrl: this.config.WHATSAPP_API_URL, apiVersion: this.config.WHATSAPP_API_VERSION, accessToken: channel.accessToken },
      channel.wabaId,
      this.config.WHATSAPP_REQUEST_TIMEOUT_MS,
    );
    const syncedAt = new Date();
    if (templates.length > 0) {
      await this.dataSource.manager.upsert(
        Template,
        templates.map((template) => ({
          uuid: templateUuidFor(channel.wabaId, template.name, template.language),
          wabaId: channel.wabaId,
          providerId: template.id,
          name: template.name,
          language: template.language,
          category: template.category,
          status: template.status,
          components: template.components,
          syncedAt,
        })),
        ['uuid'],
      );
    }
    this.logger.log(`synced ${templates.length} templates of account ${channel.wabaId}`);
    return templates.length;
  }
}
