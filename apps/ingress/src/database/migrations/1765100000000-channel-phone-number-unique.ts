import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A WhatsApp phone number id belongs to one channel: its customers' messages and its statuses are about that
 * channel alone. An installation where two channels already share a number cannot be upgraded by guessing which
 * one the number belongs to, so the migration stops and names them for the operator to decide.
 */
export class ChannelPhoneNumberUnique1765100000000 implements MigrationInterface {
  name = 'ChannelPhoneNumberUnique1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const shared: Array<{ phone_number_id: string; channels: string }> = await queryRunner.query(
      `SELECT phone_number_id, string_agg(uuid::text || ' (team ' || team_uuid::text || ')', ', ' ORDER BY created_at) AS channels
         FROM channels GROUP BY phone_number_id HAVING count(*) > 1`,
    );
    if (shared.length > 0) {
      throw new Error(
        `a phone number id may belong to one channel only; give all but one of these channels another phone number id (UPDATE ingress.channels) and migrate again: ${shared
          .map((row) => `${row.phone_number_id}: ${row.channels}`)
          .join('; ')}`,
      );
    }
    await queryRunner.query(`CREATE UNIQUE INDEX channels_phone_number_id ON channels (phone_number_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX channels_phone_number_id`);
  }
}
