import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  conversationKey,
  envelope,
  MessageApprovedEvent,
  MessageReadyData,
  MessageRejectedData,
  OutboundMessage,
  SendMessageDto,
  Topics,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { Repository } from 'typeorm';
import { ChannelsService } from '../channels/channels.service';
import { Template } from '../templates/template.entity';
import { Rendering, renderTemplate } from '../templates/template-renderer';

/** The channel of a message is not known here yet: worth a retry, its configuration is on its way. */
export class UnknownChannelError extends Error {}

/**
 * Turns an approved message into what the dispatcher sends. Text and media pass through; a template message is
 * checked against the team's templates (it must exist in the sending channel's account and be approved) and
 * rendered, or refused with a reason code before anything is sent.
 */
@Injectable()
export class RenderingService {
  constructor(
    private readonly publisher: EventPublisher,
    @InjectRepository(Template) private readonly templates: Repository<Template>,
    private readonly channels: ChannelsService,
  ) {}

  async render(event: MessageApprovedEvent): Promise<void> {
    const { messageUuid, teamUuid, channelUuid, to, request } = event.data;
    const route = { messageUuid, teamUuid, channelUuid, to };
    const key = conversationKey(channelUuid, to);
    const rendering = request.template_uuid
      ? await this.renderTemplate(channelUuid, request)
      : ({ ok: true, outbound: outboundOf(request), renderedText: request.content.text ?? '' } as const);
    if (!rendering.ok) {
      const rejected: MessageRejectedData = {
        ...route,
        reason: { code: rendering.code, message: rendering.message },
        rejectedAt: new Date().toISOString(),
      };
      await this.publisher.publish({ topic: Topics.MessageRejected, key, event: envelope(Topics.MessageRejected, rejected, { requestId: event.requestId }) });
      return;
    }
    const ready: MessageReadyData = { ...route, outbound: rendering.outbound, renderedText: rendering.renderedText };
    await this.publisher.publish({ topic: Topics.MessageReady, key, event: envelope(Topics.MessageReady, ready, { requestId: event.requestId }) });
  }

  /** Checks and renders a template message without sending anything (the dry run of `POST /messages/validate`). */
  async renderTemplate(channelUuid: string, request: SendMessageDto): Promise<Rendering> {
    const channel = await this.channels.find(channelUuid);
    if (!channel) throw new UnknownChannelError(`channel ${channelUuid} is not known here yet`);
    const uuid = (request.template_uuid ?? '').replace(/-/g, '').toLowerCase();
    const named = await this.templates.findOneBy({ uuid, wabaId: channel.wabaId });
    if (!named) {
      return { ok: false, code: 'template_not_found', message: `No template ${request.template_uuid} in the sending channel's WhatsApp account` };
    }
    const template = await this.inLanguage(named, request.template_language, channel.language);
    if (!template.ok) return template;
    return renderTemplate(template.template, request);
  }

  /**
   * The template in the language to send: the one the request names (it must exist), else the channel's own if
   * the template has it, else the one `template_uuid` names.
   */
  private async inLanguage(
    named: Template,
    requested: string | undefined,
    channelLanguage: string,
  ): Promise<{ ok: true; template: Template } | { ok: false; code: string; message: string }> {
    const wanted = requested ?? channelLanguage;
    if (named.language === wanted) return { ok: true, template: named };
    const sibling = await this.templates.findOneBy({ wabaId: named.wabaId, name: named.name, language: wanted });
    if (sibling) return { ok: true, template: sibling };
    if (!requested) return { ok: true, template: named };
    const languages = (await this.templates.find({ where: { wabaId: named.wabaId, name: named.name }, order: { language: 'ASC' } })).map(
      (template) => template.language,
    );
    return {
      ok: false,
      code: 'template_language_unavailable',
      message: `Template ${named.name} does not exist in ${requested}; it exists in ${languages.join(', ')}`,
    };
  }
}

export function outboundOf(request: SendMessageDto): OutboundMessage {
  const { content } = request;
  if (request.type === 'text') return { kind: 'text', text: { body: content.text, previewUrl: false } };
  return {
    kind: request.type,
    media: {
      link: content.url ?? '',
      ...(content.text !== undefined && request.type !== 'audio' ? { caption: content.text } : {}),
      ...(content.filename !== undefined && request.type === 'document' ? { filename: content.filename } : {}),
    },
  };
}
