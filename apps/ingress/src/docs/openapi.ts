import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { contentClasses, ErrorResponseDto } from '@herald/contracts';

export const API_KEY_SECURITY = 'apiKey';

/** The OpenAPI description of the ingress, generated from the controllers and the shared DTOs. */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Herald')
    .setDescription(
      "Herald's HTTP API. `POST /messages/send` is compatible with Callbell's: the same requests, the same answer. " +
        "`/webhooks/subscribe`, `/webhooks/unsubscribe` and `/webhooks/events` are Callbell's webhooks API; the rest of `/webhooks/*` " +
        "is Herald's own (several endpoints, a delivery log, replay), marked as Herald extensions. " +
        'Every endpoint but health and the WhatsApp webhook (`/webhooks/whatsapp`) needs `Authorization: Bearer <api key>`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A Herald API key' }, API_KEY_SECURITY)
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [...contentClasses, ErrorResponseDto] });
}

/** Swagger UI at /docs, the document at /docs/json. */
export function mountApiDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/json', yamlDocumentUrl: 'docs/yaml' });
}
