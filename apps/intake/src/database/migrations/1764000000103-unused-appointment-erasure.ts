import { MigrationInterface, QueryRunner } from 'typeorm';

/** Finds the unused appointments whose name and contact are still to be erased. */
export class UnusedAppointmentErasure1764000000103 implements MigrationInterface {
  name = 'UnusedAppointmentErasure1764000000103';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE INDEX appointment_unused_with_personal_data ON appointment (starts_at) WHERE status = 'booked' AND applicant_name IS NOT NULL",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX appointment_unused_with_personal_data');
  }
}
