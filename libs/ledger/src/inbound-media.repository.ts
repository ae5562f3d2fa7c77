import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import type { DataSource } from 'typeorm';
import { LEDGER_SCHEMA } from './ledger-schema';

/** A media a customer sent to one of a team's channels, as the ledger stored the message that carried it. */
export interface InboundMediaRef {
  /** The channel that received it: its token downloads the media from WhatsApp. */
  channelUuid: string;
  /** WhatsApp's message type: image, document, audio, video or sticker. */
  type: string;
  mimeType?: string;
  /** document only. */
  filename?: string;
}

/**
 * The newest message of the team, not erased, whose media has this WhatsApp id. `content ? 'media'` is the
 * condition of the partial index on the media id, which the planner needs spelt out to use it.
 */
export const FIND_INBOUND_MEDIA = `
  SELECT channel_uuid, type, content->'media'->>'mimeType' AS mime_type, content->'media'->>'filename' AS filename
    FROM ${LEDGER_SCHEMA}.inbound_messages
   WHERE content ? 'media' AND (content->'media'->>'id') = $2 AND team_uuid = $1 AND erased_at IS NULL
   ORDER BY received_at DESC
   LIMIT 1`;

/** The customers' media a team may download (GET /media/:id): which channel received each, and what it is. */
@Injectable()
export class InboundMediaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Another team's media, or an erased message's, is as unknown as one that never came. */
  async findForTeam(teamUuid: string, mediaId: string): Promise<InboundMediaRef | null> {
    const [row] = await queryRows<{ channel_uuid: string; type: string; mime_type: string | null; filename: string | null }>(this.dataSource, FIND_INBOUND_MEDIA, [
      teamUuid,
      mediaId,
    ]);
    if (!row) return null;
    return {
      channelUuid: row.channel_uuid,
      type: row.type,
      ...(row.mime_type !== null ? { mimeType: row.mime_type } : {}),
      ...(row.filename !== null ? { filename: row.filename } : {}),
    };
  }
}
