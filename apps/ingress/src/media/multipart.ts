import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WHATSAPP_UPLOAD_MAX_BYTES } from '@herald/contracts';

/**
 * multipart/form-data, for `POST /media` only: a handler reads the parts as they arrive (nothing is parsed ahead of
 * it), one file of at most WhatsApp's largest media and a few short fields. Every other route still takes JSON only.
 */
export async function acceptUploads(app: NestFastifyApplication): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: WHATSAPP_UPLOAD_MAX_BYTES, files: 1, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 50 },
  });
}
