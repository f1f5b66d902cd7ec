import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecipientsRemindersErasure1764000000401 implements MigrationInterface {
  name = 'RecipientsRemindersErasure1764000000401';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE recipient (
        gateway_id uuid PRIMARY KEY,
        email text NOT NULL,
        locale text NOT NULL,
        as_of timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE reminder (
        id uuid PRIMARY KEY,
        gateway_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('document-expiry', 'password-expiry')),
        document_type text,
        document_number text,
        expires_on date NOT NULL,
        password_expires_at timestamptz,
        threshold_days int NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'sent', 'skipped')),
        notification_id uuid,
        created_at timestamptz NOT NULL,
        settled_at timestamptz
      )`);
    // Each reminder once per document (or password expiry) and threshold (R19, R20).
    await queryRunner.query(`
      CREATE UNIQUE INDEX reminder_once ON reminder
        (gateway_id, kind, coalesce(document_type, ''), coalesce(document_number, ''), expires_on, threshold_days)`);
    await queryRunner.query(`CREATE INDEX reminder_due ON reminder (due_on) WHERE status = 'scheduled'`);
    await queryRunner.query(`CREATE INDEX reminder_gateway ON reminder (gateway_id)`);
    await queryRunner.query(`CREATE INDEX delivery_gateway ON delivery (gateway_id)`);
    await queryRunner.query(`
      CREATE TABLE erased_gateway (
        gateway_id uuid PRIMARY KEY,
        reason text NOT NULL CHECK (reason IN ('deleted', 'purged')),
        erased_at timestamptz NOT NULL
      )`);
    // From now on only unsent deliveries hold an address or template data (data minimisation): scrub the sent ones.
    await queryRunner.query(`UPDATE delivery SET recipient = NULL, template_data = '{}' WHERE status <> 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE erased_gateway');
    await queryRunner.query('DROP INDEX delivery_gateway');
    await queryRunner.query('DROP TABLE reminder');
    await queryRunner.query('DROP TABLE recipient');
  }
}
