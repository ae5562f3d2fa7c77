import { Injectable } from '@nestjs/common';
import {
  RejectionCode,
  envelope,
  MessageApprovedEvent,
  MessageReadyData,
  messageReadyKey,
  MessageRejectedData,
  messageRejectedKey,
  SendMessageDto,
  Topics,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { ChannelsService, RenderingChannel } from '../channels/channels.service';
import { Rendering, renderTemplate } from '../templates/template-renderer';
import { contextOf, renderFreeForm, ResolvedReferences } from './free-form';
import { TemplateSyncService } from '../templates/template-sync.service';
import { StoredTemplate, TemplatesService, WantedTemplate } from '../templates/templates.service';

/** The channel of a message is not known here yet: worth a retry, its configuration is on its way. */
export class UnknownChannelError extends Error {}

/** A message to render: what was asked, and the channel that sends it. */
export interface ToRender extends ResolvedReferences {
  channelUuid: string;
  request: SendMessageDto;
}

type Refusal = { ok: false; code: RejectionCode; message: string };

/**
 * Turns an approved message into what the dispatcher sends. Text and media pass through; a template message is
 * checked against the team's templates (it must exist in the sending channel's account and be approved) and
 * rendered, or refused with a reason code before anything is sent. A batch of messages is rendered together: its
 * channels from memory, the templates it names in one query, and every outcome published together.
 */
@Injectable()
export class RenderingService {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly templates: TemplatesService,
    private readonly channels: ChannelsService,
    private readonly sync: TemplateSyncService,
  ) {}

  /** Idempotent: rendering again publishes the same message again, which the dispatcher queues once. */
  async render(events: MessageApprovedEvent[]): Promise<void> {
    const renderings = await this.renderAll(events.map(({ data }) => ({ channelUuid: data.channelUuid, request: data.request, replyToWamid: data.replyToWamid, reactionToWamid: data.reactionToWamid })));
    await Promise.all(events.map((event, index) => this.publish(event, renderings[index])));
  }

  /** Checks and renders a template message without sending anything (the dry run of `POST /messages/validate`). */
  async renderTemplate(channelUuid: string, request: SendMessageDto): Promise<Rendering> {
    const [rendering] = await this.renderAll([{ channelUuid, request }]);
    return rendering;
  }

  /** Each message's rendering, in order. */
  private async renderAll(messages: ToRender[]): Promise<Rendering[]> {
    const templated = messages.filter(({ request }) => request.template_uuid);
    const channels =
      templated.length > 0 ? await this.channels.findMany(templated.map(({ channelUuid }) => channelUuid)) : new Map<string, RenderingChannel>();
    const channelOf = (channelUuid: string) => {
      const channel = channels.get(channelUuid);
      if (!channel) throw new UnknownChannelError(`channel ${channelUuid} is not known here yet`);
      return channel;
    };
    const wanted = new Map<string, WantedTemplate>();
    for (const { channelUuid, request } of templated) {
      const channel = channelOf(channelUuid);
      const template = { uuid: templateUuidOf(request), wabaId: channel.wabaId, language: request.template_language ?? channel.language };
      wanted.set(`${template.uuid}/${template.wabaId}/${template.language}`, template);
    }
    const loaded = await this.load([...wanted.values()]);
    return messages.map(({ channelUuid, request, ...references }): Rendering => {
      if (!request.template_uuid) return renderFreeForm(request, references);
      const channel = channelOf(channelUuid);
      const named = loaded.named(templateUuidOf(request), channel.wabaId);
      if (!named) {
        return { ok: false, code: 'template_not_found', message: `No template ${request.template_uuid} in the sending channel's WhatsApp account` };
      }
      const template = loaded.inLanguage(named, request.template_language, channel.language);
      if ('ok' in template) return template;
      const rendering = renderTemplate(template, request);
      const context = contextOf(request, references);
      if (!rendering.ok || !context) return rendering;
      if (context === 'unresolved') return renderFreeForm(request, references);
      return { ...rendering, outbound: { ...rendering.outbound, context } };
    });
  }

  /** The templates wanted, in one query; the accounts missing one are synced first (syncUnlessRecent), then asked again. */
  private async load(wanted: WantedTemplate[]): Promise<LoadedTemplates> {
    const loaded = new LoadedTemplates(await this.templates.toRender(wanted));
    const missing = new Set(wanted.filter(({ uuid, wabaId }) => !loaded.named(uuid, wabaId)).map(({ wabaId }) => wabaId));
    if (missing.size === 0) return loaded;
    const synced = await Promise.all([...missing].map((wabaId) => this.sync.syncUnlessRecent(wabaId)));
    return synced.some(Boolean) ? new LoadedTemplates(await this.templates.toRender(wanted)) : loaded;
  }

  private async publish(event: MessageApprovedEvent, rendering: Rendering): Promise<void> {
    const { messageUuid, teamUuid, channelUuid, to } = event.data;
    const route = { messageUuid, teamUuid, channelUuid, to };
    if (!rendering.ok) {
      const rejected: MessageRejectedData = {
        ...route,
        reason: { code: rendering.code, message: rendering.message },
        rejectedAt: new Date().toISOString(),
      };
      await this.publisher.publish({ topic: Topics.MessageRejected, key: messageRejectedKey(rejected), event: envelope(Topics.MessageRejected, rejected, { requestId: event.requestId }) });
      return;
    }
    const ready: MessageReadyData = { ...route, outbound: rendering.outbound, renderedText: rendering.renderedText };
    await this.publisher.publish({ topic: Topics.MessageReady, key: messageReadyKey(ready), event: envelope(Topics.MessageReady, ready, { requestId: event.requestId }) });
  }
}

/** Callbell's 32 hex digits or a dashed uuid name the same template. */
const templateUuidOf = (request: SendMessageDto) => (request.template_uuid ?? '').replace(/-/g, '').toLowerCase();

/** The templates a batch loaded (TemplatesService.toRender), by uuid and by account and name. */
class LoadedTemplates {
  private readonly byUuid = new Map<string, StoredTemplate>();
  /** Every language loaded of a name in an account, in language order. */
  private readonly byName = new Map<string, StoredTemplate[]>();

  constructor(templates: StoredTemplate[]) {
    for (const template of templates) {
      this.byUuid.set(template.uuid, template);
      const key = `${template.wabaId}/${template.name}`;
      const languages = this.byName.get(key);
      if (languages) languages.push(template);
      else this.byName.set(key, [template]);
    }
  }

  /** The template a message names, if the sending channel's account has it. */
  named(uuid: string, wabaId: string): StoredTemplate | undefined {
    const template = this.byUuid.get(uuid);
    return template?.wabaId === wabaId ? template : undefined;
  }

  /**
   * The template in the language to send: the one the request names (it must exist), else the channel's own if
   * the template has it, else the one `template_uuid` names.
   */
  inLanguage(named: StoredTemplate, requested: string | undefined, channelLanguage: string): StoredTemplate | Refusal {
    const wanted = requested ?? channelLanguage;
    if (named.language === wanted) return named;
    const languages = this.byName.get(`${named.wabaId}/${named.name}`) ?? [named];
    const sibling = languages.find((template) => template.language === wanted);
    if (sibling) return sibling;
    if (!requested) return named;
    return {
      ok: false,
      code: 'template_language_unavailable',
      message: `Template ${named.name} does not exist in ${requested}; it exists in ${languages.map((template) => template.language).join(', ')}`,
    };
  }
}
