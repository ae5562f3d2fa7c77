import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events about a message whose ledger row is not there (yet) wait here for it instead of being retried in front
 * of every event behind them: the row of a message published straight to Kafka may still be on its way, and a
 * status may name a message of another installation sending from the same number.
 */
export class LedgerEarlyEvents1764900000000 implements MigrationInterface {
  name = 'LedgerEarlyEvents1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE early_events (
        id bigserial PRIMARY KEY,
        message_uuid char(32) NOT NULL,
        kind text NOT NULL,
        data jsonb NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX early_events_message_uuid ON early_events (message_uuid)`);
    await queryRunner.query(`CREATE INDEX early_events_parked_at ON early_events (parked_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE early_events`);
  }
}
