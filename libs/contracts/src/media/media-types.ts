/**
 * The files WhatsApp takes as media, by MIME type, with the largest size of each (Meta's "supported media types";
 * its OpenAPI description names no type or size). A sticker is a WebP image of 500 KB at most. Herald checks an
 * upload against this list before anything reaches WhatsApp; the sandbox keeps its own copy, as Meta's stand-in.
 */
const MB = 1024 * 1024;

export type WhatsAppMediaKind = 'audio' | 'document' | 'image' | 'sticker' | 'video';

export const WHATSAPP_MEDIA_TYPES: Readonly<Record<string, { kind: WhatsAppMediaKind; maxBytes: number }>> = {
  'audio/aac': { kind: 'audio', maxBytes: 16 * MB },
  'audio/amr': { kind: 'audio', maxBytes: 16 * MB },
  'audio/mpeg': { kind: 'audio', maxBytes: 16 * MB },
  'audio/mp4': { kind: 'audio', maxBytes: 16 * MB },
  'audio/ogg': { kind: 'audio', maxBytes: 16 * MB },
  'text/plain': { kind: 'document', maxBytes: 100 * MB },
  'application/pdf': { kind: 'document', maxBytes: 100 * MB },
  'application/msword': { kind: 'document', maxBytes: 100 * MB },
  'application/vnd.ms-excel': { kind: 'document', maxBytes: 100 * MB },
  'application/vnd.ms-powerpoint': { kind: 'document', maxBytes: 100 * MB },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'document', maxBytes: 100 * MB },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', maxBytes: 100 * MB },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { kind: 'document', maxBytes: 100 * MB },
  'image/jpeg': { kind: 'image', maxBytes: 5 * MB },
  'image/png': { kind: 'image', maxBytes: 5 * MB },
  'image/webp': { kind: 'sticker', maxBytes: 500 * 1024 },
  'video/3gpp': { kind: 'video', maxBytes: 16 * MB },
  'video/mp4': { kind: 'video', maxBytes: 16 * MB },
};

/** The largest file WhatsApp takes (a document), and so the largest upload Herald reads. */
export const WHATSAPP_UPLOAD_MAX_BYTES = 100 * MB;

/** The media type as WhatsApp names it: lower case, without parameters (`image/png; q=1` is `image/png`). */
export const normalizeMediaType = (type: string): string => type.split(';')[0].trim().toLowerCase();

/** Why WhatsApp would refuse this file, for the field that says so; undefined when it would take it. */
export function mediaUploadProblem(mimeType: string, bytes: number): { field: 'type' | 'file'; problem: string } | undefined {
  const limits = WHATSAPP_MEDIA_TYPES[normalizeMediaType(mimeType)];
  if (!limits) return { field: 'type', problem: `${mimeType} is not a media type WhatsApp takes (${Object.keys(WHATSAPP_MEDIA_TYPES).join(', ')})` };
  if (bytes === 0) return { field: 'file', problem: 'the file is empty' };
  if (bytes > limits.maxBytes) return { field: 'file', problem: `a ${mimeType} file may be ${limits.maxBytes} bytes at most; this one has ${bytes}` };
  return undefined;
}
