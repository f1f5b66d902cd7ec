import { MigrationInterface, QueryRunner } from 'typeorm';

export class ForgottenPasswordRequest1764000000610 implements MigrationInterface {
  name = 'ForgottenPasswordRequest1764000000610';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE forgotten_password_request (
        id uuid PRIMARY KEY,
        email text,
        address_key text NOT NULL,
        requested_at timestamptz NOT NULL,
        handled_at timestamptz,
        served boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query('CREATE INDEX forgotten_password_request_pending ON forgotten_password_request (requested_at) WHERE handled_at IS NULL');
    await queryRunner.query('CREATE INDEX forgotten_password_request_address ON forgotten_password_request (address_key, handled_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE forgotten_password_request');
  }
}
