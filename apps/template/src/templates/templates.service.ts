import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TemplateListResponse } from '@herald/contracts';
import { DataSource, In } from 'typeorm';
import { Channel } from '../channels/channel.entity';
import { placeholderCount } from './template-renderer';
import { Template } from './template.entity';
import { TemplateSyncService } from './template-sync.service';

/** A team's templates: those of the WhatsApp accounts its channels belong to. */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly syncer: TemplateSyncService,
  ) {}

  async list(teamUuid: string): Promise<TemplateListResponse> {
    const accounts = await this.accountsOf(teamUuid);
    const templates = accounts.length
      ? await this.dataSource.manager.find(Template, { where: { wabaId: In(accounts.map((channel) => channel.wabaId)) }, order: { name: 'ASC', language: 'ASC' } })
      : [];
    return {
      templates: templates.map((template) => {
        const body = template.components.find((component) => component.type === 'BODY');
        const header = template.components.find((component) => component.type === 'HEADER');
        return {
          uuid: template.uuid,
          name: template.name,
          language: template.language,
          category: template.category,
          status: template.status,
          text: body?.text ?? '',
          placeholders: placeholderCount(body?.text),
          header: header?.format ?? 'NONE',
          syncedAt: template.syncedAt.toISOString(),
        };
      }),
    };
  }

  async sync(teamUuid: string): Promise<{ synced: number }> {
    let synced = 0;
    for (const channel of await this.accountsOf(teamUuid)) synced += await this.syncer.syncAccount(channel);
    return { synced };
  }

  private async accountsOf(teamUuid: string): Promise<Channel[]> {
    const channels = await this.dataSource.manager.findBy(Channel, { teamUuid, active: true });
    return [...new Map(channels.map((channel) => [channel.wabaId, channel])).values()];
  }
}
