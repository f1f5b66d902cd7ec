import { DataSourceOptions } from 'typeorm';
import { PlatformTables1764000000000 } from './platform-tables.migration';
import { ProcessedAtIndex1764900000000 } from './processed-at-index.migration';

export interface DatabaseSettings {
  url: string;
  poolMax: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/** TypeORM options for a service's own database: migrations at start, never `synchronize`. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    // The outbox and processed_event tables are the platform's own, reached by SQL, not entities.
    entities: settings.entities,
    migrations: [PlatformTables1764000000000, ProcessedAtIndex1764900000000, ...settings.migrations],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into Postgres 13+, and PGlite lacks uuid-ossp.
    uuidExtension: 'pgcrypto',
    // A one-connection pool (PGlite) must not reap its idle connection: the replacement can race the
    // old one's release and be refused.
    extra: { max: settings.poolMax, connectionTimeoutMillis: 5000, idleTimeoutMillis: settings.poolMax === 1 ? 0 : 10_000 },
  };
}
