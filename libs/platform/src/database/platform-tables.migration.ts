import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox tables every service has; each service lists this first among its migrations. */
export class PlatformTables1764000000000 implements MigrationInterface {
  name = 'PlatformTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        seq bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text NOT NULL,
        headers jsonb NOT NULL,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE processed_event (
        event_id text NOT NULL,
        consumer text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, consumer)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE processed_event');
    await queryRunner.query('DROP TABLE outbox');
  }
}
