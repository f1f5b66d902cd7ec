import { MigrationInterface, QueryRunner } from 'typeorm';

/** The desk lists a consulate's appointments of one day (GET /appointments?from=&to=). */
export class AppointmentDayIndex1764000000102 implements MigrationInterface {
  name = 'AppointmentDayIndex1764000000102';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX appointment_consulate_starts_at ON appointment (consulate, starts_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX appointment_consulate_starts_at');
  }
}
