import { MigrationInterface, QueryRunner } from 'typeorm';

/** The desk finds a consulate's gateways by date of birth (then family name): GET /gateways?familyName=&dateOfBirth=. */
export class GatewaySearchIndex1764000000203 implements MigrationInterface {
  name = 'GatewaySearchIndex1764000000203';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX gateway_consulate_birth_date ON gateway (consulate, (person->>'dateOfBirth')) WHERE person IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX gateway_consulate_birth_date');
  }
}
