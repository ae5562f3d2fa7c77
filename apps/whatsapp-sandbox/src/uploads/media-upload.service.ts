import { Injectable } from '@nestjs/common';
import { GraphApiError } from '../graph/graph-api.error';
import { validateGraphInput } from '../graph/validate-graph-input';
import { MediaUploadFieldsDto } from './media-upload.dto';
import { SUPPORTED_MEDIA_TYPES } from './media-types';
import { MediaStore } from '../media/media.store';

export interface MediaUploadCommand {
  phoneNumberId: string;
  /** The raw multipart/form-data body, as the adapter's content type parser keeps it; anything else is refused. */
  body: unknown;
  contentType: string | undefined;
}

/** Takes a media upload as the Cloud API does: checks the form, keeps the file, answers its new media id. */
@Injectable()
export class MediaUploadService {
  constructor(private readonly store: MediaStore) {}

  async execute(command: MediaUploadCommand): Promise<{ id: string }> {
    const form = await parseForm(command);
    const fields = validateGraphInput(
      MediaUploadFieldsDto,
      { messaging_product: form.get('messaging_product') ?? undefined, type: form.get('type') ?? undefined },
      'form',
    );
    const file = form.get('file');
    if (!(file instanceof Blob)) {
      throw GraphApiError.invalidParameter('file is required: the media, as a file part of the form');
    }
    if (file.size === 0) throw GraphApiError.invalidParameter('file must not be empty');
    const { maxBytes } = SUPPORTED_MEDIA_TYPES[fields.type];
    if (file.size > maxBytes) {
      throw GraphApiError.mediaUploadError(
        `file is ${file.size} bytes, and ${fields.type} media can be at most ${maxBytes} bytes`,
      );
    }
    const media = this.store.upload({
      phoneNumberId: command.phoneNumberId,
      mimeType: fields.type,
      fileName: file instanceof File ? file.name : undefined,
      content: Buffer.from(await file.arrayBuffer()),
    });
    return { id: media.id };
  }
}

async function parseForm(command: MediaUploadCommand): Promise<FormData> {
  if (!Buffer.isBuffer(command.body) || !command.contentType?.toLowerCase().startsWith('multipart/form-data')) {
    throw GraphApiError.invalidParameter(
      'The request body must be multipart/form-data with messaging_product, type and file',
    );
  }
  try {
    // The platform's own multipart parser (undici's), so the sandbox needs no multipart library.
    return await new Response(command.body, { headers: { 'content-type': command.contentType } }).formData();
  } catch {
    throw GraphApiError.invalidParameter('The request body is not valid multipart/form-data');
  }
}
