import { MigrationInterface, QueryRunner } from 'typeorm';

/** A used appointment keeps no applicant name or contact. */
export class AppointmentErasable1764000000101 implements MigrationInterface {
  name = 'AppointmentErasable1764000000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE appointment ALTER COLUMN contact DROP NOT NULL, ALTER COLUMN applicant_name DROP NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE appointment SET contact = '', applicant_name = '' WHERE contact IS NULL OR applicant_name IS NULL`);
    await queryRunner.query('ALTER TABLE appointment ALTER COLUMN contact SET NOT NULL, ALTER COLUMN applicant_name SET NOT NULL');
  }
}
