import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Turns the record of sends into the send queue every dispatcher replica works from: a message is stored when its
 * event arrives (so the Kafka offset can move on) and sent when its contact's earlier messages are done, its retry
 * time has come and its channel has a free slot (`send_slots`, one row per channel, shared by every replica).
 */
export class SendQueue1764600000000 implements MigrationInterface {
  name = 'SendQueue1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels ADD COLUMN messages_per_second int NOT NULL DEFAULT 80`);
    await queryRunner.query(`ALTER TABLE dispatches DROP CONSTRAINT IF EXISTS dispatches_state_check`);
    await queryRunner.query(`
      ALTER TABLE dispatches
        ADD COLUMN seq bigserial,
        ADD COLUMN recipient text NOT NULL DEFAULT '',
        ADD COLUMN message jsonb,
        ADD COLUMN request_id text,
        ADD COLUMN not_before timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN lease_until timestamptz,
        ADD COLUMN claim_token uuid,
        ADD COLUMN throttled_retries int NOT NULL DEFAULT 0,
        ADD CONSTRAINT dispatches_state_check CHECK (state IN ('queued', 'claimed', 'sending', 'sent', 'failed'))`);
    await queryRunner.query(`ALTER TABLE dispatches ALTER COLUMN recipient DROP DEFAULT`);
    await queryRunner.query(
      `CREATE INDEX dispatches_open_by_contact ON dispatches (channel_uuid, recipient, seq) WHERE state IN ('queued', 'claimed', 'sending')`,
    );
    await queryRunner.query(`CREATE INDEX dispatches_queued ON dispatches (seq) WHERE state = 'queued'`);
    await queryRunner.query(`CREATE INDEX dispatches_leased ON dispatches (lease_until) WHERE state IN ('claimed', 'sending')`);
    await queryRunner.query(`CREATE TABLE send_slots (channel_uuid uuid PRIMARY KEY, next_at timestamptz NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE send_slots`);
    await queryRunner.query(`DROP INDEX dispatches_leased`);
    await queryRunner.query(`DROP INDEX dispatches_queued`);
    await queryRunner.query(`DROP INDEX dispatches_open_by_contact`);
    await queryRunner.query(`ALTER TABLE dispatches DROP CONSTRAINT dispatches_state_check`);
    await queryRunner.query(`
      ALTER TABLE dispatches
        DROP COLUMN seq, DROP COLUMN recipient, DROP COLUMN message, DROP COLUMN request_id, DROP COLUMN not_before,
        DROP COLUMN lease_until, DROP COLUMN claim_token, DROP COLUMN throttled_retries,
        ADD CONSTRAINT dispatches_state_check CHECK (state IN ('sending', 'sent', 'failed'))`);
    await queryRunner.query(`ALTER TABLE channels DROP COLUMN messages_per_second`);
  }
}
