import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R27: passkeys are second factors too, up to 5 per account (the app and email codes stay once each): each keeps
 * its credential id, public key, signature counter, transports and the name the client gave it. A ceremony's
 * WebAuthn challenge lives with the login challenge, or (registration, proofs outside a login) in a table of its own.
 */
export class Passkeys1764000000900 implements MigrationInterface {
  name = 'Passkeys1764000000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['second_factor', 'pending_factor', 'login_challenge']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_method_check, ADD CONSTRAINT ${table}_method_check CHECK (method IN ('totp', 'email', 'passkey'))`);
    }
    await queryRunner.query('DROP INDEX second_factor_gateway_method');
    await queryRunner.query("CREATE UNIQUE INDEX second_factor_gateway_method ON second_factor (gateway_id, method) WHERE method <> 'passkey'");
    await queryRunner.query(`
      ALTER TABLE second_factor
        ADD COLUMN credential_id text UNIQUE,
        ADD COLUMN public_key bytea,
        ADD COLUMN sign_count bigint,
        ADD COLUMN transports jsonb,
        ADD COLUMN name text,
        ADD CONSTRAINT second_factor_passkey_check CHECK ((method = 'passkey') = (credential_id IS NOT NULL AND public_key IS NOT NULL AND sign_count IS NOT NULL AND name IS NOT NULL))`);
    await queryRunner.query('ALTER TABLE login_challenge ADD COLUMN webauthn_challenge text');
    await queryRunner.query(`
      CREATE TABLE passkey_ceremony (
        gateway_id uuid NOT NULL REFERENCES account (gateway_id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('register', 'prove')),
        challenge text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (gateway_id, purpose)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE passkey_ceremony');
    await queryRunner.query('ALTER TABLE login_challenge DROP COLUMN webauthn_challenge');
    await queryRunner.query("DELETE FROM login_challenge WHERE method = 'passkey'");
    await queryRunner.query("DELETE FROM pending_factor WHERE method = 'passkey'");
    await queryRunner.query("DELETE FROM second_factor WHERE method = 'passkey'");
    await queryRunner.query(
      'ALTER TABLE second_factor DROP CONSTRAINT second_factor_passkey_check, DROP COLUMN credential_id, DROP COLUMN public_key, DROP COLUMN sign_count, DROP COLUMN transports, DROP COLUMN name',
    );
    await queryRunner.query('DROP INDEX second_factor_gateway_method');
    await queryRunner.query('CREATE UNIQUE INDEX second_factor_gateway_method ON second_factor (gateway_id, method)');
    for (const table of ['second_factor', 'pending_factor', 'login_challenge']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_method_check, ADD CONSTRAINT ${table}_method_check CHECK (method IN ('totp', 'email'))`);
    }
  }
}
