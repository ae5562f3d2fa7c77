import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ledger row is written once and updated about five times (rendered text, provider id, sent, delivered, read).
 * With full pages each update is a new row version elsewhere plus an entry in every index; with room left in the
 * page, the updates that touch no indexed column stay on the page as heap-only tuples: no index writes, and their
 * old versions are pruned without a vacuum. The rendered text's does; the provider id and the status are indexed
 * (the status for the listing's filter), so theirs do not. Only pages written from now on get the room.
 */
export class LedgerRoomForUpdates1764700000000 implements MigrationInterface {
  name = 'LedgerRoomForUpdates1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages SET (fillfactor = 70)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages RESET (fillfactor)`);
  }
}
