import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox (docs/adr/0005-outbox.md): an accepted message's event is written in the transaction
 * that writes its ledger row, and relayed to Kafka from here. Messages answered 503 before the outbox were
 * withdrawn and waited for a retry with their Idempotency-Key to publish them; those keys are let go of, so such a
 * retry accepts the message afresh rather than finding one that is never relayed.
 */
export class CreateOutbox1765300000000 implements MigrationInterface {
  name = 'CreateOutbox1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text NOT NULL,
        value bytea NOT NULL,
        headers jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `DELETE FROM idempotency_keys k USING messages m WHERE m.uuid = k.message_uuid AND m.withdrawn_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox`);
  }
}
