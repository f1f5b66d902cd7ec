import { MigrationInterface, QueryRunner } from 'typeorm';

export class RegistryTables1764000000200 implements MigrationInterface {
  name = 'RegistryTables1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway (
        id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('pending_activation', 'active', 'deleted', 'purged')),
        consulate text NOT NULL,
        identity_key text,
        person jsonb,
        email text,
        locale text NOT NULL,
        reminders jsonb,
        username text,
        registered_at timestamptz NOT NULL,
        activated_at timestamptz,
        ended_at timestamptz
      )`);
    // R1: at most one gateway per person that is not deleted or purged.
    await queryRunner.query(
      `CREATE UNIQUE INDEX gateway_one_per_person ON gateway (identity_key) WHERE status IN ('pending_activation', 'active')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE gateway');
  }
}
