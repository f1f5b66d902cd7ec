import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R27: an account may hold several second factors (an app and email codes each once); each has an id and the time
 * it was last used. The removal code, which stands in for all of them, moves to a table of its own.
 */
export class SeveralFactors1764000000800 implements MigrationInterface {
  name = 'SeveralFactors1764000000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE removal_code (
        gateway_id uuid PRIMARY KEY REFERENCES account (gateway_id) ON DELETE CASCADE,
        code_hash text NOT NULL UNIQUE
      )`);
    await queryRunner.query('INSERT INTO removal_code (gateway_id, code_hash) SELECT gateway_id, removal_code_hash FROM second_factor');
    await queryRunner.query(`
      ALTER TABLE second_factor
        DROP CONSTRAINT second_factor_pkey,
        DROP COLUMN removal_code_hash,
        ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN last_used_at timestamptz`);
    await queryRunner.query('ALTER TABLE second_factor ADD PRIMARY KEY (id), ALTER COLUMN id DROP DEFAULT');
    await queryRunner.query('CREATE UNIQUE INDEX second_factor_gateway_method ON second_factor (gateway_id, method)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX second_factor_gateway_method');
    await queryRunner.query('ALTER TABLE second_factor DROP CONSTRAINT second_factor_pkey, DROP COLUMN id, DROP COLUMN last_used_at');
    await queryRunner.query('DELETE FROM second_factor a USING second_factor b WHERE a.gateway_id = b.gateway_id AND a.ctid < b.ctid');
    await queryRunner.query('ALTER TABLE second_factor ADD COLUMN removal_code_hash text');
    await queryRunner.query('UPDATE second_factor f SET removal_code_hash = r.code_hash FROM removal_code r WHERE r.gateway_id = f.gateway_id');
    await queryRunner.query('ALTER TABLE second_factor ALTER COLUMN removal_code_hash SET NOT NULL, ADD UNIQUE (removal_code_hash), ADD PRIMARY KEY (gateway_id)');
    await queryRunner.query('DROP TABLE removal_code');
  }
}
