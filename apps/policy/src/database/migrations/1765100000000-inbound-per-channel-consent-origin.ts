import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's message is recorded for every channel of the number it was written to, so WhatsApp's message id alone
 * no longer identifies a row. Consent changes say who made them, so a refusal can say so.
 */
export class InboundPerChannelConsentOrigin1765100000000 implements MigrationInterface {
  name = 'InboundPerChannelConsentOrigin1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_pkey`);
    await queryRunner.query(`ALTER TABLE inbound_messages ADD PRIMARY KEY (channel_uuid, provider_message_id)`);
    await queryRunner.query(`ALTER TABLE consent_events ADD COLUMN origin text NOT NULL DEFAULT 'customer' CHECK (origin IN ('customer', 'team'))`);
    // The API records its changes under the API key's uuid and the time; a template request under the message uuid.
    await queryRunner.query(`
      UPDATE consent_events SET origin = 'team'
      WHERE kind = 'request_opt_in' OR source ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:'`);
    await queryRunner.query(`ALTER TABLE consent_events ALTER COLUMN origin DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE consent_events DROP COLUMN origin`);
    // Keeps one row per WhatsApp message id, as the older key requires.
    await queryRunner.query(`
      DELETE FROM inbound_messages a USING inbound_messages b
      WHERE a.provider_message_id = b.provider_message_id AND a.channel_uuid > b.channel_uuid`);
    await queryRunner.query(`ALTER TABLE inbound_messages DROP CONSTRAINT inbound_messages_pkey`);
    await queryRunner.query(`ALTER TABLE inbound_messages ADD PRIMARY KEY (provider_message_id)`);
  }
}
