import { Injectable } from '@nestjs/common';
import type { TemplateListResponse } from '@herald/contracts';
import { AccountsRepository } from './accounts.repository';
import { namedPlaceholders, placeholderCount } from './template-renderer';
import { TemplateSyncService } from './template-sync.service';
import { StoredTemplate, TemplatesRepository, WantedTemplate } from './templates.repository';

export type { StoredTemplate, WantedTemplate } from './templates.repository';

/** A team's templates: those of the WhatsApp accounts its channels belong to. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly templates: TemplatesRepository,
    private readonly syncer: TemplateSyncService,
  ) {}

  async list(teamUuid: string): Promise<TemplateListResponse> {
    const accounts = await this.accounts.ofTeam(teamUuid);
    const templates = await this.templates.ofAccounts(accounts.map((account) => account.wabaId));
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
          placeholders: template.parameterFormat === 'NAMED' ? namedPlaceholders(body?.text).length : placeholderCount(body?.text),
          header: header?.format ?? 'NONE',
          syncedAt: template.syncedAt.toISOString(),
        };
      }),
    };
  }

  async sync(teamUuid: string): Promise<{ synced: number }> {
    let synced = 0;
    for (const account of await this.accounts.ofTeam(teamUuid)) synced += await this.syncer.syncAccount(account);
    return { synced };
  }

  /** What a batch of messages may go out as (TemplatesRepository.toRender): rendering asks here. */
  toRender(wanted: WantedTemplate[]): Promise<StoredTemplate[]> {
    return this.templates.toRender(wanted);
  }
}
