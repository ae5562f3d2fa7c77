import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  conversationKey,
  envelope,
  FailureReason,
  MessageReadyData,
  MessageReadyEvent,
  MessageRoute,
  Topics,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { sendWhatsAppMessage, WhatsAppApiError } from '@herald/whatsapp';
import { Repository } from 'typeorm';
import { ChannelsService } from '../channels/channels.service';
import { DispatcherConfig } from '../config/dispatcher.config';
import { Dispatch } from './dispatch.entity';
import { buildGraphRequest } from './graph-request.builder';
import { classifyProviderError } from './provider-errors';


@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    @InjectRepository(Dispatch) private readonly dispatches: Repository<Dispatch>,
    private readonly channels: ChannelsService,
    private readonly publisher: EventPublisher,
    private readonly config: DispatcherConfig,
  ) {}

  /**
   * Sends a ready message at most once: the attempt is recorded before the call, so a second delivery of the same
   * event (Kafka redelivers after a crash or a rebalance) finds it and does not send again.
   */
  async dispatch(event: MessageReadyEvent): Promise<void> {
    const message = event.data;
    const claimed = await this.dispatches
      .createQueryBuilder()
      .insert()
      .values({ messageUuid: message.messageUuid, channelUuid: message.channelUuid, state: 'sending', attempts: 0 })
      .orIgnore()
      .returning('message_uuid')
      .execute();
    if ((claimed.raw as unknown[]).length === 0) {
      await this.replay(message, event.requestId);
      return;
    }
    const channel = await this.channels.find(message.channelUuid);
    if (!channel?.active) {
      await this.fail(message, { code: 'channel_not_configured', message: 'The channel is not configured for sending' }, event.requestId);
      return;
    }
    const body = buildGraphRequest(message);
    for (let attempt = 1; ; attempt += 1) {
      await this.dispatches.update({ messageUuid: message.messageUuid }, { attempts: attempt });
      try {
        const { providerMessageId } = await sendWhatsAppMessage(
          {
            apiUrl: this.config.WHATSAPP_API_URL,
            apiVersion: this.config.WHATSAPP_API_VERSION,
            phoneNumberId: channel.phoneNumberId,
            accessToken: channel.accessToken,
          },
          body,
          this.config.WHATSAPP_REQUEST_TIMEOUT_MS,
        );
        await this.dispatches.update({ messageUuid: message.messageUuid }, { state: 'sent', providerMessageId });
        await this.publishDispatched(message, providerMessageId, event.requestId);
        return;
      } catch (error) {
        if (!(error instanceof WhatsAppApiError)) throw error;
        const handling = classifyProviderError(error);
        if (handling.retry && attempt < this.config.DISPATCH_MAX_ATTEMPTS) {
          const delay = backoff(attempt, this.config.DISPATCH_RETRY_BASE_MS, this.config.DISPATCH_RETRY_MAX_MS);
          this.logger.warn(`message ${message.messageUuid}: attempt ${attempt} ${handling.kind} (${error.message}); retrying in ${delay} ms`);
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        if (!handling.retry) {
          if (handling.channelUnhealthy) await this.channels.markUnhealthy(channel.uuid, handling.code);
          await this.fail(message, { code: handling.code, message: handling.message, ...providerCode(error) }, event.requestId);
        } else {
          await this.fail(
            message,
            { code: 'provider_unavailable', message: `WhatsApp did not take the message after ${attempt} attempts: ${error.message}`, ...providerCode(error) },
            event.requestId,
          );
        }
        return;
      }
    }
  }

  /** The event was seen before: tell the rest of the platform again what came of it, never send again. */
  private async replay(message: MessageReadyData, requestId?: string): Promise<void> {
    const previous = await this.dispatches.findOneByOrFail({ messageUuid: message.messageUuid });
    if (previous.state === 'sent' && previous.providerMessageId) {
      await this.publishDispatched(message, previous.providerMessageId, requestId);
    } else if (previous.state === 'failed' && previous.failure) {
      await this.publishFailed(message, previous.failure, requestId);
    } else {
      this.logger.warn(`message ${message.messageUuid}: an earlier send attempt has no known outcome; not sending again`);
    }
  }

  private async fail(message: MessageReadyData, reason: FailureReason, requestId?: string): Promise<void> {
    await this.dispatches.update({ messageUuid: message.messageUuid }, { state: 'failed', failure: reason });
    await this.publishFailed(message, reason, requestId);
  }

  private publishDispatched(message: MessageRoute, providerMessageId: string, requestId?: string) {
    return this.publisher.publish({
      topic: Topics.MessageDispatched,
      key: conversationKey(message.channelUuid, message.to),
      event: envelope(Topics.MessageDispatched, { ...route(message), providerMessageId, dispatchedAt: new Date().toISOString() }, { requestId }),
    });
  }

  private publishFailed(message: MessageRoute, reason: FailureReason, requestId?: string) {
    return this.publisher.publish({
      topic: Topics.MessageFailed,
      key: conversationKey(message.channelUuid, message.to),
      event: envelope(Topics.MessageFailed, { ...route(message), reason, failedAt: new Date().toISOString() }, { requestId }),
    });
  }
}

/** Exponential backoff with full jitter, so retries from many messages do not arrive together. */
export function backoff(attempt: number, baseMs: number, maxMs: number): number {
  return Math.round(Math.random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
}

const providerCode = (error: WhatsAppApiError) => (error.code !== undefined ? { providerCode: error.code } : {});

const route = ({ messageUuid, teamUuid, channelUuid, to }: MessageRoute): MessageRoute => ({ messageUuid, teamUuid, channelUuid, to });
