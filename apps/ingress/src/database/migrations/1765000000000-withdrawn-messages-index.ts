import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention sweep looks for old withdrawn rows: a partial index holds only those, a handful, where scanning the
 * ledger would read every message ever sent. Built concurrently, outside a transaction, so that upgrading an
 * installation with a large ledger does not stop its sends while the index is built.
 */
export class WithdrawnMessagesIndex1765000000000 implements MigrationInterface {
  name = 'WithdrawnMessagesIndex1765000000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    // An interrupted concurrent build leaves an invalid index behind: start again from none.
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS messages_withdrawn_created`);
    await queryRunner.query(`CREATE INDEX CONCURRENTLY messages_withdrawn_created ON messages (created_at) WHERE withdrawn_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS messages_withdrawn_created`);
  }
}
