import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { contractExamples, extensionExamples, templateComponentExamples } from '@herald/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AccountsService } from '../accounts/accounts.service';
import { IngressConfig } from '../config/ingress.config';
import { ContactsApiController } from '../contacts/contacts-api.controller';
import { ContactsController } from '../contacts/contacts.controller';
import { ContactsService } from '../contacts/contacts.service';
import { InternalServicesClient } from '../internal/internal-services.client';
import { EventPublisher } from '@herald/kafka';
import { TemplatesController } from '../templates/templates.controller';
import { MediaController } from '../media/media.controller';
import { MediaService } from '../media/media.service';
import { MessagesController } from '../messages/messages.controller';
import { MessagesService } from '../messages/messages.service';
import { ReadReceiptsController } from '../read-receipts/read-receipts.controller';
import { ReadReceiptsService } from '../read-receipts/read-receipts.service';
import { WhatsAppWebhookController } from '../webhooks/whatsapp-webhook.controller';
import { WhatsAppWebhookService } from '../webhooks/whatsapp-webhook.service';
import { CallbellWebhooksController } from '../webhook-endpoints/callbell-webhooks.controller';
import { CallbellWebhooksService } from '../webhook-endpoints/callbell-webhooks.service';
import { WebhookEndpointsController } from '../webhook-endpoints/webhook-endpoints.controller';
import { WebhookEndpointsService } from '../webhook-endpoints/webhook-endpoints.service';
import { buildOpenApiDocument } from './openapi';

@Module({
  controllers: [MessagesController, ContactsController, ContactsApiController, TemplatesController, WhatsAppWebhookController, WebhookEndpointsController, CallbellWebhooksController, MediaController, ReadReceiptsController],
  providers: [
    { provide: MediaService, useValue: {} },
    { provide: ReadReceiptsService, useValue: {} },
    { provide: MessagesService, useValue: {} },
    { provide: AccountsService, useValue: {} },
    { provide: EventPublisher, useValue: {} },
    { provide: InternalServicesClient, useValue: {} },
    { provide: WhatsAppWebhookService, useValue: {} },
    { provide: IngressConfig, useValue: {} },
    { provide: WebhookEndpointsService, useValue: {} },
    { provide: CallbellWebhooksService, useValue: {} },
    { provide: ContactsService, useValue: {} },
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
    const extensions = { ...extensionExamples, ...templateComponentExamples };
    expect(Object.keys(examples).sort()).toEqual([...Object.keys(contractExamples), ...Object.keys(extensions)].sort());
    for (const [name, example] of Object.entries(contractExamples)) expect(examples[name].value).toEqual(example);
    // Herald's extensions are examples too, each marked as one.
    for (const [name, example] of Object.entries(extensions)) {
      expect(examples[name]).toEqual({ summary: `${name} (Herald extension)`, value: example });
    }
  });

  it('describes template_parameters as a Herald extension, with every kind of value', () => {
    const schemas = document.components!.schemas! as Record<string, { properties: Record<string, { description?: string }> }>;
    expect(schemas.SendMessageDto.properties.template_parameters.description).toMatch(/^Herald extension/);
    expect(Object.keys(schemas.TemplateParametersDto.properties)).toEqual(['header', 'body', 'buttons', 'carousel']);
    expect(Object.keys(schemas.TemplateButtonValueDto.properties)).toEqual(['index', 'url_suffix', 'payload', 'coupon_code', 'otp']);
    expect(Object.keys(schemas.TemplateValueDto.properties)).toEqual(['name', 'text', 'currency', 'date_time']);
    expect(schemas).toHaveProperty('TemplateCardValuesDto');
    expect(schemas).toHaveProperty('TemplateCurrencyDto');
  });

  it('describes the send body from the shared DTO', () => {
    const schema = document.components!.schemas!.SendMessageDto as { required: string[]; properties: Record<string, { enum?: string[] }> };
    expect(schema.required).toEqual(expect.arrayContaining(['to', 'from', 'type', 'content']));
    expect(schema.properties.type.enum).toEqual(['text', 'image', 'document', 'audio', 'video', 'sticker', 'interactive', 'location', 'contacts', 'reaction']);
    // WhatsApp's other kinds and replies are Herald's, and the document says so.
    expect(schema.properties.type).toMatchObject({ description: expect.stringContaining('Herald extensions: sticker, interactive, location, contacts, reaction') });
    expect(schema.properties.reply_to).toMatchObject({ description: expect.stringMatching(/^Herald extension:/) });
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['template_uuid', 'optin_contact', 'template_values', 'assigned_user', 'metadata', 'channel_uuid']),
    );
    expect(document.components!.schemas).toHaveProperty('TemplateMediaContentDto');
  });

  it("documents the dry run's window as a Herald extension, with when it closes", () => {
    const validate = document.paths['/messages/validate'].post!;
    expect(validate.description).toMatch(/Herald extension/);
    expect(validate.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationVerdictDto' } } } });
    const schemas = document.components!.schemas! as Record<string, { properties: Record<string, { description?: string; nullable?: boolean }>; required?: string[] }>;
    expect(schemas.ValidationVerdictDto.properties.window.description).toMatch(/Herald extension/);
    expect(schemas.ContactWindowDto.required).toEqual(['open', 'closesAt']);
    expect(schemas.ContactWindowDto.properties.closesAt.nullable).toBe(true);
  });

  it('needs an API key for messages, not for webhooks, and documents the errors and the Idempotency-Key', () => {
    expect(send().security).toEqual([{ apiKey: [] }]);
    expect(document.paths['/webhooks/whatsapp'].post!.security).toBeUndefined();
    expect(Object.keys(send().responses).sort()).toEqual(['200', '400', '401', '409', '413', '415', '422', '429', '503']);
    expect(send().responses['422']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } } });
    expect(send().parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/messages/status/{uuid}', '/messages']));
  });

  it("spells request fields as Callbell does and every response object's fields in camelCase, as Callbell's objects", () => {
    const schemas = document.components!.schemas! as Record<string, SchemaObject>;
    const namesIn = (ref: string, seen = new Set<string>()): string[] => {
      const name = ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return [];
      seen.add(name);
      const schema = schemas[name];
      return Object.entries(schema.properties ?? {}).flatMap(([property, value]) => [
        `${name}.${property}`,
        ...refsOf(value).flatMap((inner) => namesIn(inner, seen)),
      ]);
    };
    const operations = Object.values(document.paths).flatMap((path) => [path.get, path.post, path.patch, path.delete].filter((operation) => operation));
    const responseFields = operations.flatMap((operation) =>
      Object.values(operation!.responses).flatMap((response) => refsOf(response).flatMap((ref) => namesIn(ref))),
    );
    const requestFields = operations.flatMap((operation) => refsOf(operation!.requestBody ?? {}).flatMap((ref) => namesIn(ref)));
    expect(responseFields).toEqual(expect.arrayContaining(['MessageListResponseDto.nextCursor', 'ContactConsentStateDto.channelUuid']));
    // Callbell spells the list of `GET /webhooks/events` in snake_case, and Herald answers as Callbell does.
    const callbellSnakeCase = ['CallbellWebhookEventsResponseDto.webhook_events'];
    expect(responseFields).toEqual(expect.arrayContaining(callbellSnakeCase));
    expect(responseFields.filter((field) => !/\.[a-z][a-zA-Z0-9]*$/.test(field) && !callbellSnakeCase.includes(field))).toEqual([]);
    expect(requestFields).toEqual(expect.arrayContaining(['SendMessageDto.template_uuid', 'ContactConsentDto.channel_uuid']));
    expect(requestFields.filter((field) => !/\.[a-z][a-z0-9_]*$/.test(field))).toEqual([]);
  });
});

describe('the OpenAPI document of the webhook API', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(DocumentedControllersModule, new FastifyAdapter(), { logger: false });
    document = buildOpenApiDocument(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it("documents every endpoint, each needing an API key, with its answers and, for a body, an example", () => {
    const operations: Array<[string, 'get' | 'post' | 'patch' | 'delete']> = [
      ['/webhooks/endpoints', 'post'],
      ['/webhooks/endpoints', 'get'],
      ['/webhooks/endpoints/{uuid}', 'get'],
      ['/webhooks/endpoints/{uuid}', 'patch'],
      ['/webhooks/endpoints/{uuid}', 'delete'],
      ['/webhooks/endpoints/{uuid}/rotate-secret', 'post'],
      ['/webhooks/endpoints/{uuid}/test', 'post'],
      ['/webhooks/endpoints/{uuid}/replay', 'post'],
      ['/webhooks/deliveries', 'get'],
      ['/webhooks/deliveries/{id}', 'get'],
      ['/webhooks/deliveries/{id}/replay', 'post'],
      ['/webhooks/subscribe', 'post'],
      ['/webhooks/unsubscribe', 'delete'],
      ['/webhooks/events', 'get'],
    ];
    for (const [path, method] of operations) {
      const operation = document.paths[path]?.[method];
      expect({ path, method, security: operation?.security }).toEqual({ path, method, security: [{ apiKey: [] }] });
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(['401', '429']));
      const body = operation!.requestBody as { content: Record<string, { examples?: Record<string, unknown> }> } | undefined;
      if (body) expect(Object.keys(body.content['application/json'].examples ?? {})).not.toHaveLength(0);
    }
    expect(Object.keys(document.paths['/webhooks/endpoints'].post!.responses)).toEqual(expect.arrayContaining(['201', '422']));
    expect(document.paths['/webhooks/endpoints'].post!.summary).toMatch(/Herald extension/);
    expect(document.paths['/webhooks/subscribe'].post!.summary).toMatch(/Callbell-compatible/);
  });

  it("documents GET /media/:id as a binary answer, with an example id and its errors", () => {
    const operation = document.paths['/media/{id}'].get!;
    expect(operation.security).toEqual([{ apiKey: [] }]);
    expect(operation.summary).toMatch(/Herald extension/);
    expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', schema: expect.objectContaining({ example: '1003383421387256' }) })]));
    const ok = operation.responses['200'] as { content: Record<string, { schema: unknown }> };
    expect(ok.content['image/jpeg'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(ok.content['application/octet-stream'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '429', '502']));
  });

  it('documents POST /media as a multipart upload with examples, answered with the media id, as a Herald extension', () => {
    const operation = document.paths['/media'].post!;
    expect(operation.security).toEqual([{ apiKey: [] }]);
    expect(operation.summary).toMatch(/Herald extension/);
    const form = (operation.requestBody as { content: Record<string, { schema: { required: string[]; properties: Record<string, { format?: string; example?: string }> } }> }).content['multipart/form-data'];
    expect(form.schema.required).toEqual(['file']);
    expect(form.schema.properties.file.format).toBe('binary');
    expect(form.schema.properties.type.example).toBe('image/png');
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '401', '415', '422', '429', '502', '503']));
    const schemas = document.components!.schemas! as Record<string, { properties: Record<string, { example?: unknown }> }>;
    expect(schemas.UploadedMediaDto.properties.id.example).toBe('1037543291543636');
  });

  it("documents POST /messages/{uuid}/read with its optional body's examples, as a Herald extension", () => {
    const operation = document.paths['/messages/{uuid}/read'].post!;
    expect(operation.security).toEqual([{ apiKey: [] }]);
    expect(operation.summary).toMatch(/Herald extension/);
    const body = operation.requestBody as { required: boolean; content: Record<string, { examples?: Record<string, { value: unknown }> }> };
    expect(body.required).toBe(false);
    expect(body.content['application/json'].examples?.typing.value).toEqual({ typing_indicator: true });
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '422', '429', '502', '503']));
  });
});

describe('the OpenAPI document of the contacts API', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(DocumentedControllersModule, new FastifyAdapter(), { logger: false });
    document = buildOpenApiDocument(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it("documents Callbell's endpoints, each needing an API key, with its answers and, for a body, an example", () => {
    const operations: Array<[string, 'get' | 'post' | 'patch' | 'delete']> = [
      ['/contacts', 'get'],
      ['/contacts', 'post'],
      ['/contacts/{uuid}', 'get'],
      ['/contacts/{uuid}', 'patch'],
      ['/contacts/{uuid}', 'delete'],
      ['/contacts/phone/{phone}', 'get'],
      ['/contacts/{uuid}/messages', 'get'],
    ];
    for (const [path, method] of operations) {
      const operation = document.paths[path]?.[method];
      expect({ path, method, security: operation?.security }).toEqual({ path, method, security: [{ apiKey: [] }] });
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
      expect(operation!.summary).toMatch(/Callbell-compatible/);
      const body = operation!.requestBody as { content: Record<string, { examples?: Record<string, unknown> }> } | undefined;
      if (body) expect(Object.keys(body.content['application/json'].examples ?? {})).not.toHaveLength(0);
    }
    expect(Object.keys(document.paths['/contacts'].post!.responses)).toEqual(expect.arrayContaining(['409', '422']));
    expect(document.paths['/messages'].get!.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'direction', in: 'query' })]));
  });

  it("marks what Herald adds to Callbell's contact and message objects as extensions", () => {
    const schemas = document.components!.schemas! as Record<string, { properties: Record<string, { description?: string }> }>;
    for (const field of ['profileName', 'updatedAt', 'window']) expect(schemas.ContactDto.properties[field].description).toMatch(/Herald extension/);
    for (const field of ['direction', 'type', 'content']) expect(schemas.ConversationMessageDto.properties[field].description).toMatch(/Herald extension/);
    expect(schemas.ContactListResponseDto.properties.nextCursor.description).toMatch(/Herald extension/);
  });
});

type SchemaObject = { properties?: Record<string, unknown> };

/** Every `$ref` inside a piece of the document. */
function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' && typeof inner === 'string' ? [inner] : refsOf(inner)));
}
