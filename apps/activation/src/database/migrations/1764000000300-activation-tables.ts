import { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivationTables1764000000300 implements MigrationInterface {
  name = 'ActivationTables1764000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE account (
        gateway_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('pending_activation', 'active', 'ended')),
        email text,
        locale text NOT NULL,
        username text,
        username_key text,
        password_hash text,
        password_expires_at timestamptz,
        registered_at timestamptz NOT NULL,
        activated_at timestamptz
      )`);
    // R15: unique case-insensitively among gateways that are not deleted or purged.
    await queryRunner.query(`CREATE UNIQUE INDEX account_username ON account (username_key) WHERE status <> 'ended'`);
    await queryRunner.query(`CREATE INDEX account_email ON account (lower(email))`);
    await queryRunner.query(`
      CREATE TABLE one_time_code (
        id uuid PRIMARY KEY,
        gateway_id uuid NOT NULL REFERENCES account (gateway_id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('activation', 'password-reset')),
        code_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        voided_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX one_time_code_gateway ON one_time_code (gateway_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE one_time_code');
    await queryRunner.query('DROP TABLE account');
  }
}
