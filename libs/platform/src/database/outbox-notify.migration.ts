import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A commit that wrote outbox rows sends NOTIFY outbox, which wakes every relay of the database that LISTENs (the
 * other instances' too) instead of their next poll. Once per statement; Postgres folds a transaction's notifications
 * on one channel into one, delivered at commit and not at all on rollback.
 */
export class OutboxNotify1765100000000 implements MigrationInterface {
  name = 'OutboxNotify1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER outbox_notify ON outbox');
    await queryRunner.query('DROP FUNCTION outbox_notify()');
  }
}
