import { MigrationInterface, QueryRunner } from 'typeorm';

/** The courier claims deliveries with a lease and sends them outside any transaction. */
export class DeliveryLease1764000000411 implements MigrationInterface {
  name = 'DeliveryLease1764000000411';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE delivery ADD COLUMN claimed_until timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE delivery DROP COLUMN claimed_until');
  }
}
