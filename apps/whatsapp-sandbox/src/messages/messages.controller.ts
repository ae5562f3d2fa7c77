import { Body, Controller, Headers, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { GraphSendMessageResponse } from '@herald/whatsapp';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SandboxConfig } from '../config/sandbox.config';
import { GraphAccessTokenGuard } from '../graph/graph-access-token.guard';
import { assertGraphPath } from '../graph/graph-path';
import { simulateLatency } from '../graph/simulated-latency';
import { isStatusUpdate } from '../read-receipts/mark-read.dto';
import { ReadReceiptsService } from '../read-receipts/read-receipts.service';
import { MessagesService } from './messages.service';

/**
 * `POST /{version}/{phone-number-id}/messages`, as the Cloud API serves it: a send, or (with `status`) a status
 * update marking a received message read.
 */
@Controller(':version/:phoneNumberId/messages')
@UseGuards(GraphAccessTokenGuard)
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly config: SandboxConfig,
    private readonly readReceipts: ReadReceiptsService,
  ) {}

  @Post()
  @HttpCode(200)
  async send(
    @Param('version') apiVersion: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GraphSendMessageResponse | { success: true } | undefined> {
    const receivedAt = new Date();
    await simulateLatency(this.config.SANDBOX_RESPONSE_LATENCY_MS);
    assertGraphPath({ version: apiVersion, objectId: phoneNumberId, method: 'post', url: request.url });
    if (isStatusUpdate(body)) return this.readReceipts.markRead({ phoneNumberId, body, receivedAt });
    const { response, faults } = this.messages.execute({ apiVersion, phoneNumberId, receivedAt, headers, body });
    await simulateLatency(faults.latencyMs);
    if (faults.connection) {
      if (faults.connection.fault === 'timeout') await simulateLatency(faults.connection.holdMs);
      // No answer at all: the client sees the connection drop, as when a proxy or WhatsApp's edge gives up.
      reply.hijack();
      request.raw.socket.destroy();
      return undefined;
    }
    return response;
  }
}
