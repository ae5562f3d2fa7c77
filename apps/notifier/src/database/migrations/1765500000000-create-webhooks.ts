import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook endpoints and their delivery log, which is also the queue the delivery workers claim from: one row
 * per event and endpoint (the event id unique per endpoint), its attempts in order, when the next is due, and the
 * lease of the worker attempting it. And the channels, for whose a customer's message is.
 */
export class CreateWebhooks1765500000000 implements MigrationInterface {
  name = 'CreateWebhooks1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE endpoints (
        uuid uuid PRIMARY KEY,
        team_uuid uuid NOT NULL,
        url text NOT NULL,
        events text[] NOT NULL,
        description text,
        enabled boolean NOT NULL,
        secret_sealed text NOT NULL,
        previous_secret_sealed text,
        previous_secret_expires_at timestamptz,
        failing_since timestamptz,
        disabled_reason text,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX endpoints_team ON endpoints (team_uuid, created_at)`);
    await queryRunner.query(`
      CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        endpoint_uuid uuid NOT NULL REFERENCES endpoints (uuid) ON DELETE CASCADE,
        team_uuid uuid NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        message_uuid char(32),
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts jsonb NOT NULL DEFAULT '[]',
        next_attempt_at timestamptz,
        retry_until timestamptz NOT NULL,
        leased_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (endpoint_uuid, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending'`);
    await queryRunner.query(
      `CREATE INDEX deliveries_open_per_message ON deliveries (endpoint_uuid, message_uuid, id) WHERE status = 'pending' AND message_uuid IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX deliveries_team ON deliveries (team_uuid, id)`);
    await queryRunner.query(`CREATE INDEX deliveries_settled_created ON deliveries (created_at) WHERE status <> 'pending'`);
    // The notifier's copy of the channels (libs/channel-replica): whose a customer's message to a number is.
    await queryRunner.query(`
      CREATE TABLE channels (
        uuid uuid PRIMARY KEY,
        team_uuid uuid NOT NULL,
        phone_number_id text NOT NULL,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX channels_phone_number_id ON channels (phone_number_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE channels`);
    await queryRunner.query(`DROP TABLE deliveries`);
    await queryRunner.query(`DROP TABLE endpoints`);
  }
}
