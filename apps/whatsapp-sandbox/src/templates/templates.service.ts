import { Injectable, NotFoundException } from '@nestjs/common';
import type { GraphPagedResponse, GraphTemplateStatus } from '@herald/whatsapp';
import { GraphApiError } from '../graph/graph-api.error';
import type { TemplateObjectDto } from '../messages/send-message.dto';
import type { ListTemplatesQueryDto } from './list-templates.dto';
import type { SandboxMessageTemplate } from './sandbox-template';
import { assertComponentsFit } from './template-fit';
import { TEMPLATE_CATALOGUE } from './template-catalogue';

export { placeholderCount } from './template-fit';

/** The sandbox account's message templates: listing them, and checking a templated send against them. */
@Injectable()
export class TemplatesService {
  /** Statuses changed at run time (`PUT /_sandbox/templates/{name}/{language}`), as Meta pauses or disables one. */
  private readonly statuses = new Map<string, GraphTemplateStatus>();

  /** The catalogue as it stands now, statuses changed at run time applied. */
  catalogue(): SandboxMessageTemplate[] {
    return TEMPLATE_CATALOGUE.map((template) => {
      const status = this.statuses.get(`${template.name}/${template.language}`);
      return status ? { ...template, status } : template;
    });
  }

  /** One template as it stands now; without copying the catalogue, as every templated send asks. */
  private find(name: string, language: string): SandboxMessageTemplate | undefined {
    const template = TEMPLATE_CATALOGUE.find(
      (candidate) => candidate.name === name && candidate.language === language,
    );
    if (!template) return undefined;
    const status = this.statuses.get(`${name}/${language}`);
    return status ? { ...template, status } : template;
  }

  /** Meta changed a template's status (paused it for low quality, disabled it, approved it again). */
  setStatus(name: string, language: string, status: GraphTemplateStatus): SandboxMessageTemplate {
    const template = TEMPLATE_CATALOGUE.find((candidate) => candidate.name === name && candidate.language === language);
    if (!template) throw new NotFoundException(`No template ${name} in ${language} in the sandbox's catalogue`);
    this.statuses.set(`${name}/${language}`, status);
    return { ...template, status };
  }

  /** Every template back to its catalogue status; returns how many had been changed. */
  resetStatuses(): number {
    const changed = this.statuses.size;
    this.statuses.clear();
    return changed;
  }

  /** One page of templates, in Meta's paginated shape; `pageUrl` is this endpoint's absolute URL, for `paging`. */
  list(query: ListTemplatesQueryDto, pageUrl: string): GraphPagedResponse<SandboxMessageTemplate> {
    const matching = this.catalogue().filter(
      (template) =>
        (query.name === undefined || template.name.includes(query.name)) &&
        (query.status === undefined || template.status === query.status) &&
        (query.language === undefined || template.language === query.language),
    );
    let start = 0;
    let end = matching.length;
    if (query.after !== undefined) {
      start = indexOfCursor(matching, query.after) + 1;
      end = Math.min(matching.length, start + query.limit);
    } else if (query.before !== undefined) {
      end = indexOfCursor(matching, query.before);
      start = Math.max(0, end - query.limit);
    } else {
      end = Math.min(matching.length, query.limit);
    }
    const data = matching.slice(start, end);
    if (data.length === 0) return { data };
    const cursors = { before: cursorOf(data[0]), after: cursorOf(data[data.length - 1]) };
    const link = (cursor: 'after' | 'before', value: string) => {
      const url = new URL(pageUrl);
      for (const [key, given] of Object.entries({
        name: query.name,
        status: query.status,
        language: query.language,
      })) {
        if (given !== undefined) url.searchParams.set(key, given);
      }
      url.searchParams.set('limit', String(query.limit));
      url.searchParams.set(cursor, value);
      return url.toString();
    };
    return {
      data,
      paging: {
        cursors,
        ...(end < matching.length ? { next: link('after', cursors.after) } : {}),
        ...(start > 0 ? { previous: link('before', cursors.before) } : {}),
      },
    };
  }

  /**
   * Checks a templated send as Meta does before accepting it: the template exists in that language and is
   * APPROVED, and the send fills every placeholder with a parameter of the right kind.
   */
  assertSendable(send: TemplateObjectDto): SandboxMessageTemplate {
    const language = send.language.code;
    const stored = this.find(send.name, language);
    if (!stored) {
      throw GraphApiError.templateDoesNotExist(`template name (${send.name}) does not exist in ${language}`);
    }
    if (stored.status === 'PAUSED') {
      throw GraphApiError.templatePaused(
        `Template ${send.name} (${language}) is paused due to low quality so it cannot be sent in a template message`,
      );
    }
    if (stored.status === 'DISABLED') {
      throw GraphApiError.templateDisabled(
        `Template ${send.name} (${language}) is disabled so it cannot be sent in a template message`,
      );
    }
    if (stored.status !== 'APPROVED') {
      throw GraphApiError.templateDoesNotExist(
        `template name (${send.name}) in ${language} is ${stored.status}, and only APPROVED templates can be sent`,
      );
    }
    assertComponentsFit(stored, send.components ?? []);
    return stored;
  }
}

function cursorOf(template: SandboxMessageTemplate): string {
  return Buffer.from(template.id, 'utf8').toString('base64url');
}

function indexOfCursor(templates: readonly SandboxMessageTemplate[], cursor: string): number {
  const index = templates.findIndex((template) => cursorOf(template) === cursor);
  if (index < 0) throw GraphApiError.invalidParameter('after/before is not a cursor of this list');
  return index;
}
