import { MigrationInterface, QueryRunner } from 'typeorm';

export class AttemptThrottle1764000000500 implements MigrationInterface {
  name = 'AttemptThrottle1764000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE attempt_throttle (
        scope text NOT NULL CHECK (scope IN ('account', 'address')),
        key_hash text NOT NULL,
        failures integer NOT NULL,
        last_failure_at timestamptz,
        locked_until timestamptz,
        PRIMARY KEY (scope, key_hash)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE attempt_throttle');
  }
}
