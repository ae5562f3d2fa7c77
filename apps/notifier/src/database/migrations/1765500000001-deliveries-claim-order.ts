import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim walks the open deliveries oldest first and stops at the few it needs, and counts an endpoint's leased
 * ones: both from an index of their own, so a backlog of many thousands costs a claim what a short queue does.
 */
export class DeliveriesClaimOrder1765500000001 implements MigrationInterface {
  name = 'DeliveriesClaimOrder1765500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX deliveries_open_in_order ON deliveries (id) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX deliveries_leased ON deliveries (endpoint_uuid, leased_until) WHERE status = 'pending' AND leased_until IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX deliveries_leased`);
    await queryRunner.query(`DROP INDEX deliveries_open_in_order`);
  }
}
