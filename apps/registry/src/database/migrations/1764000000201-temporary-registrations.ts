import { MigrationInterface, QueryRunner } from 'typeorm';

export class TemporaryRegistrations1764000000201 implements MigrationInterface {
  name = 'TemporaryRegistrations1764000000201';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE temporary_registration (
        id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('active', 'cancelled', 'lapsed')),
        identity_key text,
        person jsonb,
        email text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    // R8: one temporary registration per person at a time.
    await queryRunner.query(
      `CREATE UNIQUE INDEX temporary_registration_one_per_person ON temporary_registration (identity_key) WHERE status = 'active'`,
    );
    await queryRunner.query(`CREATE INDEX temporary_registration_due ON temporary_registration (expires_at) WHERE status = 'active'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE temporary_registration');
  }
}
