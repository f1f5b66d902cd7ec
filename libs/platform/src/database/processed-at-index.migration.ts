import { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets the pruning job find old processed event ids without reading the whole table; BRIN stays tiny for rows written in time order. */
export class ProcessedAtIndex1764900000000 implements MigrationInterface {
  name = 'ProcessedAtIndex1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX processed_event_processed_at ON processed_event USING brin (processed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX processed_event_processed_at');
  }
}
