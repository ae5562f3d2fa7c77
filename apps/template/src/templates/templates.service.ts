import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TemplateListResponse } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import type { GraphTemplateComponent } from '@herald/whatsapp';
import { DataSource, In } from 'typeorm';
import { Channel } from '../channels/channel.entity';
import { placeholderCount, RenderableTemplate } from './template-renderer';
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

  /**
   * What a batch of messages may go out as, in one query: each template named (by uuid, within the sending
   * channel's account) and, where the language wanted is not the named one's, every language of the same name in
   * that account. Sorted by language.
   */
  async toRender(wanted: WantedTemplate[]): Promise<StoredTemplate[]> {
    if (wanted.length === 0) return [];
    const rows = await queryRows<{ uuid: string; waba_id: string; name: string; language: string; status: string; components: GraphTemplateComponent[] }>(
      this.dataSource,
      `SELECT * FROM (
         SELECT DISTINCT ON (candidate.uuid)
                candidate.uuid, candidate.waba_id, candidate.name, candidate.language, candidate.status, candidate.components
           FROM unnest($1::bpchar[], $2::text[], $3::text[]) AS wanted(uuid, waba_id, language)
           JOIN templates named ON named.uuid = wanted.uuid AND named.waba_id = wanted.waba_id
           JOIN templates candidate ON candidate.waba_id = named.waba_id AND candidate.name = named.name
            AND (candidate.uuid = named.uuid OR named.language <> wanted.language)
          ORDER BY candidate.uuid
       ) AS candidates
       ORDER BY language`,
      [wanted.map((entry) => entry.uuid), wanted.map((entry) => entry.wabaId), wanted.map((entry) => entry.language)],
    );
    return rows.map(({ waba_id, ...template }) => ({ ...template, wabaId: waba_id }));
  }

  private async accountsOf(teamUuid: string): Promise<Channel[]> {
    const channels = await this.dataSource.manager.findBy(Channel, { teamUuid, active: true });
    return [...new Map(channels.map((channel) => [channel.wabaId, channel])).values()];
  }
}

/** A template a message names, in the account of the channel that sends it, and the language it should go out in. */
export interface WantedTemplate {
  uuid: string;
  wabaId: string;
  language: string;
}

export interface StoredTemplate extends RenderableTemplate {
  uuid: string;
  wabaId: string;
}
