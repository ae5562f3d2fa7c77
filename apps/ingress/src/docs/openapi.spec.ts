import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { contractExamples } from '@herald/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { IngressConfig } from '../config/ingress.config';
import { MessagesController } from '../messages/messages.controller';
import { MessagesService } from '../messages/messages.service';
import { WhatsAppWebhookController } from '../webhooks/whatsapp-webhook.controller';
import { WhatsAppWebhookService } from '../webhooks/whatsapp-webhook.service';
import { buildOpenApiDocument } from './openapi';

@Module({
  controllers: [MessagesController, WhatsAppWebhookController],
  providers: [
    { provide: MessagesService, useValue: {} },
    { provide: WhatsAppWebhookService, useValue: {} },
    { provide: IngressConfig, useValue: {} },
  ],
})
class DocumentedControllersModule {}

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(DocumentedControllersModule, new FastifyAdapter(), { logger: false });
    document = buildOpenApiDocument(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const send = () => document.paths['/messages/send'].post!;

  it('shows every request of the contract as an example of the send body', () => {
    const examples = (send().requestBody as { content: Record<string, { examples: Record<string, { value: unknown }> }> }).content[
      'application/json'
    ].examples;
    expect(Object.keys(examples).sort()).toEqual(Object.keys(contractExamples).sort());
    for (const [name, example] of Object.entries(contractExamples)) expect(examples[name].value).toEqual(example);
  });

  it('describes the send body from the shared DTO', () => {
    const schema = document.components!.schemas!.SendMessageDto as { required: string[]; properties: Record<string, { enum?: string[] }> };
    expect(schema.required).toEqual(expect.arrayContaining(['to', 'from', 'type', 'content']));
    expect(schema.properties.type.enum).toEqual(['text', 'image', 'document', 'audio', 'video']);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['template_uuid', 'optin_contact', 'template_values', 'assigned_user', 'metadata', 'channel_uuid']),
    );
    expect(document.components!.schemas).toHaveProperty('TemplateMediaContentDto');
  });

  it('needs an API key for messages, not for webhooks, and documents the errors and the Idempotency-Key', () => {
    expect(send().security).toEqual([{ apiKey: [] }]);
    expect(document.paths['/webhooks/whatsapp'].post!.security).toBeUndefined();
    expect(Object.keys(send().responses).sort()).toEqual(['200', '400', '401', '409', '413', '415', '422', '429', '503']);
    expect(send().responses['422']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } } });
    expect(send().parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/messages/status/{uuid}', '/messages']));
  });
});
