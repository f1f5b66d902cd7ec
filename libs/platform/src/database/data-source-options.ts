import { AdvancedConsoleLogger, DataSourceOptions, QueryRunner } from 'typeorm';
import { databaseStatements } from '../observability/metrics';
import { PlatformTables1764000000000 } from './platform-tables.migration';
import { ProcessedAtIndex1764900000000 } from './processed-at-index.migration';

export interface DatabaseSettings {
  url: string;
  poolMax: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** The outbox and processed_event tables (default): an app without a broker (the desk) goes without. */
  platformTables?: boolean;
}

/** TypeORM's default logger (which logs nothing by default), counting every statement sent by its kind. */
class CountingLogger extends AdvancedConsoleLogger {
  override logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    databaseStatements.inc({ kind: statementKind(query) });
    super.logQuery(query, parameters, queryRunner);
  }
}

/** A statement's verb and the table it works on (`INSERT outbox`, `SELECT gateway`, `COMMIT`): a census without the values. */
export function statementKind(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1].toUpperCase() ?? '?';
  const table = (pattern: RegExp) => pattern.exec(sql)?.[1] ?? '?';
  switch (verb) {
    case 'INSERT':
      return `INSERT ${table(/INSERT\s+INTO\s+"?(\w+)/i)}`;
    case 'UPDATE':
      return `UPDATE ${table(/UPDATE\s+"?(\w+)/i)}`;
    case 'DELETE':
      return `DELETE ${table(/DELETE\s+FROM\s+"?(\w+)/i)}`;
    case 'WITH': {
      const change = /(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)/i.exec(sql);
      return change ? `WITH ${change[1].split(/\s/)[0].toUpperCase()} ${change[2]}` : 'WITH';
    }
    case 'SELECT': {
      const advisory = /\b(pg_\w*advisory\w*)/i.exec(sql);
      return advisory ? `SELECT ${advisory[1]}` : `SELECT ${table(/\bFROM\s+"?(\w+)/i)}`;
    }
    case 'START':
    case 'COMMIT':
    case 'ROLLBACK':
    case 'SAVEPOINT':
    case 'RELEASE':
      return verb === 'START' ? 'BEGIN' : verb;
    default:
      return verb;
  }
}

/** TypeORM options for a service's own database: migrations at start, never `synchronize`. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    // The outbox and processed_event tables are the platform's own, reached by SQL, not entities.
    entities: settings.entities,
    migrations: [...(settings.platformTables === false ? [] : [PlatformTables1764000000000, ProcessedAtIndex1764900000000]), ...settings.migrations],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new CountingLogger(false),
    // gen_random_uuid() is built into Postgres 13+, and PGlite lacks uuid-ossp.
    uuidExtension: 'pgcrypto',
    // A one-connection pool (PGlite) must not reap its idle connection: the replacement can race the
    // old one's release and be refused.
    extra: { max: settings.poolMax, connectionTimeoutMillis: 5000, idleTimeoutMillis: settings.poolMax === 1 ? 0 : 10_000 },
  };
}
