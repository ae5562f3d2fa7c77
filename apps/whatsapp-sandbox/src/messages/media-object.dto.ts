import type { GraphMediaObject } from '@herald/whatsapp';
import { IsDefined, IsEmpty, IsOptional, IsString, IsUrl, MaxLength, MinLength, ValidateIf } from 'class-validator';

export const MAX_CAPTION_LENGTH = 1024;

export const mediaLinkOptions = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Media by public `link` (http or https) or by uploaded media `id`: one of the two is required. */
export class MediaObjectDto implements GraphMediaObject {
  @ValidateIf((media: MediaObjectDto) => media.id === undefined || media.link !== undefined)
  @IsDefined({ message: 'or id is required' })
  @IsUrl(mediaLinkOptions, { message: 'must be an http or https URL' })
  link?: string;

  @ValidateIf((media: MediaObjectDto) => media.id !== undefined)
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  id?: string;
}

export class CaptionedMediaObjectDto extends MediaObjectDto {
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(MAX_CAPTION_LENGTH, { message: `must be at most ${MAX_CAPTION_LENGTH} characters` })
  caption?: string;
}

export class DocumentObjectDto extends CaptionedMediaObjectDto {
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(240, { message: 'must be at most 240 characters' })
  filename?: string;
}

export class AudioObjectDto extends MediaObjectDto {
  @IsEmpty({ message: 'is not allowed: audio messages have no caption' })
  caption?: undefined;
}

/**
 * A sticker by uploaded `id` or `link`. Meta takes only WebP stickers, which it finds out when it fetches the file
 * (a failed status, not a refused send), so the sandbox checks only the reference.
 */
export class StickerObjectDto extends MediaObjectDto {
  @IsEmpty({ message: 'is not allowed: stickers have no caption' })
  caption?: undefined;
}
