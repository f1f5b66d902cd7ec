import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsTables1764000000400 implements MigrationInterface {
  name = 'NotificationsTables1764000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivery (
        notification_id uuid PRIMARY KEY,
        type text NOT NULL,
        gateway_id uuid,
        recipient text,
        locale text NOT NULL,
        template_data jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE delivery');
  }
}
