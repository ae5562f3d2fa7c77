import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { ErrorCodes } from '@herald/contracts';
import { Public } from '@herald/observability';
import { isValidVerifyToken, isValidWebhookSignature, SIGNATURE_HEADER } from '@herald/whatsapp';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IngressConfig } from '../config/ingress.config';
import { HeraldError } from '../http/herald-error';
import { WhatsAppWebhookService } from './whatsapp-webhook.service';

/** Meta's webhooks prove themselves with the verify token (subscription) and the app-secret signature (events). */
@Public()
@ApiTags('webhooks')
@Controller('webhooks/whatsapp')
export class WhatsAppWebhookController {
  constructor(
    private readonly config: IngressConfig,
    private readonly webhooks: WhatsAppWebhookService,
  ) {}

  @Get()
  verify(
    @Query('hub.mode') mode: string,
    @Query('hub.verify_token') token: string,
    @Query('hub.challenge') challenge: string,
    @Res() reply: FastifyReply,
  ): void {
    if (mode === 'subscribe' && isValidVerifyToken(this.config.WHATSAPP_VERIFY_TOKEN, token) && typeof challenge === 'string') {
      void reply.status(200).type('text/plain').send(challenge);
      return;
    }
    throw new HeraldError(ErrorCodes.Forbidden, 'Webhook verification failed');
  }

  @Post()
  @HttpCode(200)
  @ApiHeader({ name: 'X-Hub-Signature-256', required: true, description: 'sha256=<hex HMAC-SHA256 of the raw body with the app secret>' })
  async receive(
    @Req() request: FastifyRequest,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
  ): Promise<{ statuses: number; messages: number }> {
    // The body arrives unparsed (runService's rawJsonRoutes): nothing reads a webhook before its signature holds.
    const rawBody = request.body;
    if (!Buffer.isBuffer(rawBody) || !isValidWebhookSignature(this.config.WHATSAPP_APP_SECRET, rawBody, signature)) {
      throw new HeraldError(ErrorCodes.InvalidSignature, 'The webhook signature (X-Hub-Signature-256) is missing or wrong');
    }
    return this.webhooks.receive(rawBody, String(request.id));
  }
}
