import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeTables1764000000100 implements MigrationInterface {
  name = 'IntakeTables1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE appointment (
        id uuid PRIMARY KEY,
        consulate text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('phone', 'email')),
        contact text NOT NULL,
        applicant_name text NOT NULL,
        starts_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('booked', 'used')),
        booked_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE application (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('register', 'delete', 'modify')),
        status text NOT NULL CHECK (status IN ('submitted', 'completed', 'rejected')),
        consulate text NOT NULL,
        officer_id text NOT NULL,
        appointment_id uuid NOT NULL UNIQUE REFERENCES appointment (id),
        gateway_id uuid,
        reasons jsonb,
        submitted_at timestamptz NOT NULL,
        decided_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE application');
    await queryRunner.query('DROP TABLE appointment');
  }
}
