import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import type { GraphTemplateComponent } from '@herald/whatsapp';
import { DataSource, In, Repository } from 'typeorm';
import type { RenderableTemplate } from './template-renderer';
import { Template } from './template.entity';

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

/** The `templates` table: what each account's last sync stored, and the lookups listing and rendering make. */
@Injectable()
export class TemplatesRepository {
  private readonly templates: Repository<Template>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.templates = dataSource.getRepository(Template);
  }

  /** Inserts the templates a sync found, or replaces the stored ones with the same uuid (account, name, language). */
  async store(templates: Template[]): Promise<void> {
    if (templates.length === 0) return;
    await this.templates.upsert(templates, ['uuid']);
  }

  /** The status stored of each template of the account, by uuid: what a sync compares what it finds with. */
  async statusesOf(wabaId: string): Promise<Map<string, string>> {
    const stored = await this.templates.find({ select: { uuid: true, status: true }, where: { wabaId } });
    return new Map(stored.map(({ uuid, status }) => [uuid, status]));
  }

  /** Every template of these accounts, by name and then language. */
  ofAccounts(wabaIds: string[]): Promise<Template[]> {
    if (wabaIds.length === 0) return Promise.resolve([]);
    return this.templates.find({ where: { wabaId: In(wabaIds) }, order: { name: 'ASC', language: 'ASC' } });
  }

  /**
   * What a batch of messages may go out as, in one query: each template named (by uuid, within the sending
   * channel's account) and, where the language wanted is not the named one's, every language of the same name in
   * that account. Each template once, sorted by language.
   */
  async toRender(wanted: WantedTemplate[]): Promise<StoredTemplate[]> {
    if (wanted.length === 0) return [];
    const rows = await queryRows<{
      uuid: string;
      waba_id: string;
      name: string;
      language: string;
      status: string;
      category: string;
      parameter_format: 'POSITIONAL' | 'NAMED';
      components: GraphTemplateComponent[];
    }>(
      this.dataSource,
      `SELECT * FROM (
         SELECT DISTINCT ON (candidate.uuid)
                candidate.uuid, candidate.waba_id, candidate.name, candidate.language, candidate.status, candidate.category,
                candidate.parameter_format, candidate.components
           FROM unnest($1::bpchar[], $2::text[], $3::text[]) AS wanted(uuid, waba_id, language)
           JOIN templates named ON named.uuid = wanted.uuid AND named.waba_id = wanted.waba_id
           JOIN templates candidate ON candidate.waba_id = named.waba_id AND candidate.name = named.name
            AND (candidate.uuid = named.uuid OR named.language <> wanted.language)
          ORDER BY candidate.uuid
       ) AS candidates
       ORDER BY language`,
      [wanted.map((entry) => entry.uuid), wanted.map((entry) => entry.wabaId), wanted.map((entry) => entry.language)],
    );
    return rows.map(({ waba_id, parameter_format, ...template }) => ({ ...template, wabaId: waba_id, parameterFormat: parameter_format }));
  }
}
