import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's tables: the messages and the events waiting for their rows. Installations that kept them in the
 * ingress's schema (before the ledger was a deployable of its own) have them moved here, data, indexes and all;
 * the ingress's migrations run first (the order `npm start`, the tests and docker-compose keep). Elsewhere they are
 * created as those migrations left them. `channels` holds what the ledger needs of each channel, from
 * `channel.configured`.
 */
export class LedgerTakesItsTables1765400000000 implements MigrationInterface {
  name = 'LedgerTakesItsTables1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ held }] = (await queryRunner.query(`SELECT to_regclass('ingress.messages') IS NOT NULL AS held`)) as Array<{ held: boolean }>;
    if (held) {
      await queryRunner.query(`ALTER TABLE ingress.messages SET SCHEMA ledger`);
      await queryRunner.query(`ALTER TABLE ingress.early_events SET SCHEMA ledger`);
    } else {
      await queryRunner.query(`
        CREATE TABLE messages (
          uuid char(32) PRIMARY KEY,
          team_uuid uuid NOT NULL,
          channel_uuid uuid NOT NULL,
          "to" text NOT NULL,
          request jsonb NOT NULL,
          status text NOT NULL,
          status_history jsonb NOT NULL,
          provider_message_id text,
          failure jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          warnings jsonb,
          rendered_text text,
          withdrawn_at timestamptz
        ) WITH (fillfactor = 70)`);
      await queryRunner.query(`CREATE INDEX messages_team_created ON messages (team_uuid, created_at)`);
      await queryRunner.query(`CREATE UNIQUE INDEX messages_provider_message_id ON messages (provider_message_id) WHERE provider_message_id IS NOT NULL`);
      await queryRunner.query(`CREATE INDEX messages_team_status_created ON messages (team_uuid, status, created_at)`);
      await queryRunner.query(`CREATE INDEX messages_team_to_created ON messages (team_uuid, "to", created_at)`);
      await queryRunner.query(`CREATE INDEX messages_withdrawn_created ON messages (created_at) WHERE withdrawn_at IS NOT NULL`);
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
      await queryRunner.query(`CREATE INDEX early_statuses_phone_number_id ON early_events ((data->>'phoneNumberId')) WHERE kind = 'status'`);
    }
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
    await queryRunner.query(`ALTER TABLE messages SET SCHEMA ingress`);
    await queryRunner.query(`ALTER TABLE early_events SET SCHEMA ingress`);
  }
}
