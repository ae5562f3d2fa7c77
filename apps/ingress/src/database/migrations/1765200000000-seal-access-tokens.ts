import { openStoredAccessTokens, sealStoredAccessTokens } from '@herald/whatsapp';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Channels' access tokens are kept sealed under HERALD_SECRET_KEY, never in plain text. */
export class SealAccessTokens1765200000000 implements MigrationInterface {
  name = 'SealAccessTokens1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await sealStoredAccessTokens((sql, parameters) => queryRunner.query(sql, parameters), 'ingress');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await openStoredAccessTokens((sql, parameters) => queryRunner.query(sql, parameters), 'ingress');
  }
}
