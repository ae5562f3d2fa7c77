import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A media link a send gave is uploaded to WhatsApp once per channel and its media id reused until shortly before
 * WhatsApp forgets it: one row per channel and link (keyed by the link's SHA-256, as links may be long). A row
 * being uploaded carries the claim's token and lease; one whose upload failed carries why, until `claimed_until`.
 */
export class MediaUploads1765600000000 implements MigrationInterface {
  name = 'MediaUploads1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE media_uploads (
        channel_uuid uuid NOT NULL,
        link_sha256 bytea NOT NULL,
        link text NOT NULL,
        media_id text,
        mime_type text,
        uploaded_at timestamptz,
        expires_at timestamptz,
        claim_token uuid,
        claimed_until timestamptz,
        failure jsonb,
        upload_failures int NOT NULL DEFAULT 0,
        PRIMARY KEY (channel_uuid, link_sha256)
      )`);
    await queryRunner.query(`CREATE INDEX media_uploads_expires_at ON media_uploads (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE media_uploads`);
  }
}
