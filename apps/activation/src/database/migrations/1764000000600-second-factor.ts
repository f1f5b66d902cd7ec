import { MigrationInterface, QueryRunner } from 'typeorm';

/** R22–R24: second factors, their enrolment, login challenges, client sessions, and the account page's data. */
export class SecondFactor1764000000600 implements MigrationInterface {
  name = 'SecondFactor1764000000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE account ADD COLUMN family_name text, ADD COLUMN given_names text, ADD COLUMN consulate text');
    await queryRunner.query(`
      CREATE TABLE second_factor (
        gateway_id uuid PRIMARY KEY REFERENCES account (gateway_id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('totp', 'email')),
        sealed_secret jsonb,
        last_step bigint,
        removal_code_hash text NOT NULL UNIQUE,
        enrolled_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE pending_factor (
        gateway_id uuid PRIMARY KEY REFERENCES account (gateway_id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('totp', 'email')),
        sealed_secret jsonb,
        code_hash text,
        expires_at timestamptz NOT NULL,
        attempts integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE login_challenge (
        token_hash text PRIMARY KEY,
        gateway_id uuid NOT NULL REFERENCES account (gateway_id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('totp', 'email')),
        code_hash text,
        expires_at timestamptz NOT NULL,
        attempts integer NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX login_challenge_gateway ON login_challenge (gateway_id)');
    await queryRunner.query(`
      CREATE TABLE client_session (
        token_hash text PRIMARY KEY,
        gateway_id uuid NOT NULL REFERENCES account (gateway_id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('session', 'enrolment')),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX client_session_gateway ON client_session (gateway_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE client_session');
    await queryRunner.query('DROP TABLE login_challenge');
    await queryRunner.query('DROP TABLE pending_factor');
    await queryRunner.query('DROP TABLE second_factor');
    await queryRunner.query('ALTER TABLE account DROP COLUMN family_name, DROP COLUMN given_names, DROP COLUMN consulate');
  }
}
