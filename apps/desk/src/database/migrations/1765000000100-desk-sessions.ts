import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R25: the desk's sessions and its sign-ins in progress live in its database, so that a restart signs nobody out
 * and several instances share them. Rows are found by a hash of the cookie's random id (the id itself is never
 * stored); the provider's tokens and the PKCE verifier are sealed (AES-256-GCM, bound to the row).
 */
export class DeskSessions1765000000100 implements MigrationInterface {
  name = 'DeskSessions1765000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE desk_session (
        id_hash text PRIMARY KEY,
        officer text NOT NULL,
        name text NOT NULL,
        consulate text NOT NULL,
        csrf_token text NOT NULL,
        tokens jsonb NOT NULL,
        access_token_expires_at timestamptz NOT NULL,
        tokens_renewed_at timestamptz NOT NULL,
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX desk_session_last_seen_at ON desk_session (last_seen_at)');
    await queryRunner.query(`
      CREATE TABLE desk_sign_in (
        id_hash text PRIMARY KEY,
        pending jsonb NOT NULL,
        started_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX desk_sign_in_started_at ON desk_sign_in (started_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE desk_sign_in');
    await queryRunner.query('DROP TABLE desk_session');
  }
}
