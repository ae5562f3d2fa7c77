import { Equals, IsIn, IsString } from 'class-validator';
import { SUPPORTED_MEDIA_TYPES } from './media-types';

const supportedTypes = Object.keys(SUPPORTED_MEDIA_TYPES);

/** The text fields of `POST /{version}/{phone-number-id}/media`, a multipart/form-data body; `file` is checked apart. */
export class MediaUploadFieldsDto {
  @Equals('whatsapp', { message: 'must be "whatsapp"' })
  messaging_product: 'whatsapp';

  @IsString({ message: 'is required: the MIME type of the file, such as image/jpeg' })
  @IsIn(supportedTypes, { message: `must be a supported media type: ${supportedTypes.join(', ')}` })
  type: string;
}
