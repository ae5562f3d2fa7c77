import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A send whose outcome stays unknown is sent again only once its channel's status webhooks are shown to arrive:
 * each send notes when its call left (`called_at`), each channel the latest call a status webhook named
 * (`last_call_with_status_at`). Until then the send is held as `unknown`.
 */
export class OutcomeUnknown1765000000000 implements MigrationInterface {
  name = 'OutcomeUnknown1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels ADD COLUMN last_call_with_status_at timestamptz`);
    await queryRunner.query(`ALTER TABLE dispatches ADD COLUMN called_at timestamptz`);
    await queryRunner.query(`
      ALTER TABLE dispatches
        DROP CONSTRAINT dispatches_state_check,
        ADD CONSTRAINT dispatches_state_check CHECK (state IN ('queued', 'claimed', 'sending', 'unknown', 'sent', 'failed'))`);
    await queryRunner.query(`CREATE INDEX dispatches_unknown ON dispatches (channel_uuid) WHERE state = 'unknown'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX dispatches_unknown`);
    await queryRunner.query(`UPDATE dispatches SET state = 'sending' WHERE state = 'unknown'`);
    await queryRunner.query(`
      ALTER TABLE dispatches
        DROP CONSTRAINT dispatches_state_check,
        ADD CONSTRAINT dispatches_state_check CHECK (state IN ('queued', 'claimed', 'sending', 'sent', 'failed'))`);
    await queryRunner.query(`ALTER TABLE dispatches DROP COLUMN called_at`);
    await queryRunner.query(`ALTER TABLE channels DROP COLUMN last_call_with_status_at`);
  }
}
