import { MigrationInterface, QueryRunner } from 'typeorm';

/** R26: sessions with a public id, browser and sign-in time; the account's activity, known browsers and "this was not me" tokens. */
export class AccountSecurity1764000000700 implements MigrationInterface {
  name = 'AccountSecurity1764000000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE client_session
        ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN user_agent text,
        ADD COLUMN authenticated_at timestamptz`);
    await queryRunner.query('UPDATE client_session SET authenticated_at = created_at');
    await queryRunner.query('ALTER TABLE client_session ALTER COLUMN authenticated_at SET NOT NULL, ALTER COLUMN id DROP DEFAULT');
    await queryRunner.query('CREATE UNIQUE INDEX client_session_id ON client_session (id)');
    await queryRunner.query('ALTER TABLE account ADD COLUMN password_reset_required boolean NOT NULL DEFAULT false');
    await queryRunner.query(`
      CREATE TABLE account_activity (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        gateway_id uuid NOT NULL REFERENCES account (gateway_id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        user_agent text,
        address text
      )`);
    await queryRunner.query('CREATE INDEX account_activity_gateway_at ON account_activity (gateway_id, at DESC)');
    await queryRunner.query('CREATE INDEX account_activity_at ON account_activity (at)');
    await queryRunner.query(`
      CREATE TABLE known_browser (
        gateway_id uuid NOT NULL REFERENCES account (gateway_id) ON DELETE CASCADE,
        browser_hash text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        PRIMARY KEY (gateway_id, browser_hash)
      )`);
    await queryRunner.query(`
      CREATE TABLE disavowal_token (
        token_hash text PRIMARY KEY,
        gateway_id uuid NOT NULL REFERENCES account (gateway_id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX disavowal_token_gateway ON disavowal_token (gateway_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE disavowal_token');
    await queryRunner.query('DROP TABLE known_browser');
    await queryRunner.query('DROP TABLE account_activity');
    await queryRunner.query('ALTER TABLE account DROP COLUMN password_reset_required');
    await queryRunner.query('DROP INDEX client_session_id');
    await queryRunner.query('ALTER TABLE client_session DROP COLUMN id, DROP COLUMN user_agent, DROP COLUMN authenticated_at');
  }
}
