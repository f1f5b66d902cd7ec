import { MigrationInterface, QueryRunner } from 'typeorm';

/** R15: usernames set by `modify` are matched case-insensitively; R12, R17: a tombstone says why the gateway ended. */
export class GatewayTombstones1764000000202 implements MigrationInterface {
  name = 'GatewayTombstones1764000000202';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE gateway ADD COLUMN username_key text');
    await queryRunner.query(
      `ALTER TABLE gateway ADD COLUMN end_reason text CHECK (end_reason IN ('deleted_on_request', 'not_activated_within_60_days'))`,
    );
    // Rows activated before this column existed; lower() is close enough to usernameKey() for them.
    await queryRunner.query('UPDATE gateway SET username_key = lower(username) WHERE username IS NOT NULL');
    await queryRunner.query(`CREATE INDEX gateway_live_username ON gateway (username_key) WHERE status IN ('pending_activation', 'active')`);
    await queryRunner.query(`CREATE INDEX gateway_awaiting_activation ON gateway (registered_at) WHERE status = 'pending_activation'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX gateway_awaiting_activation');
    await queryRunner.query('DROP INDEX gateway_live_username');
    await queryRunner.query('ALTER TABLE gateway DROP COLUMN end_reason');
    await queryRunner.query('ALTER TABLE gateway DROP COLUMN username_key');
  }
}
