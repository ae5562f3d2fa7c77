import { MigrationInterface, QueryRunner } from 'typeorm';

/** The `contact.window_closing` alerts: one per contact and channel, for its current window. */
export class WindowAlerts1766000000000 implements MigrationInterface {
  name = 'WindowAlerts1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE window_alerts (
        channel_uuid uuid NOT NULL,
        phone text NOT NULL,
        last_inbound_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        published_at timestamptz,
        PRIMARY KEY (channel_uuid, phone)
      )`);
    // The pollers look only at alerts still waiting, soonest first.
    await queryRunner.query(`CREATE INDEX window_alerts_due ON window_alerts (due_at) WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE window_alerts`);
  }
}
