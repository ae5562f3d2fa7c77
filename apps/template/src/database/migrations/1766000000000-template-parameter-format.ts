import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a template's placeholders are `{{1}}`..`{{n}}` or named (`{{first_name}}`): its values are matched by it. */
export class TemplateParameterFormat1766000000000 implements MigrationInterface {
  name = 'TemplateParameterFormat1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE templates ADD COLUMN parameter_format text NOT NULL DEFAULT 'POSITIONAL'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE templates DROP COLUMN parameter_format`);
  }
}
