import { AdvancedConsoleLogger, DataSourceOptions, QueryRunner } from 'typeorm';
import { databaseStatements } from '../observability/metrics';
import { BoundedClient, BoundedClientConfig } from './bounded-client';
import { OutboxNotify1765100000000 } from './outbox-notify.migration';
import { PlatformTables1764000000000 } from './platform-tables.migration';
import { ProcessedAtIndex1764900000000 } from './processed-at-index.migration';

export interface DatabaseSettings {
  url: string;
  poolMax: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  limits: DatabaseTimeLimits;
  /** The outbox and processed_event tables (default): an app without a broker (the desk) goes without. */
  platformTables?: boolean;
}

/** The time limits of every connection (timeLimitsShape), in seconds. */
export interface DatabaseTimeLimits {
  DATABASE_STATEMENT_TIMEOUT_SECONDS: number;
  DATABASE_LOCK_TIMEOUT_SECONDS: number;
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: number;
  DATABASE_QUERY_TIMEOUT_SECONDS: number;
  DATABASE_CONNECT_TIMEOUT_SECONDS: number;
  DATABASE_KEEPALIVE_SECONDS: number;
}

/**
 * node-postgres settings that bound every wait on the database (SPEC §9): the server cancels a statement, a lock
 * wait and an idle transaction past their limits (sent as start-up parameters of each connection); the client
 * gives a query up, and its connection with it, past its own limit (BoundedClient), gives up connecting, and
 * probes an idle socket with TCP keepalive, for a server that no longer answers enforces nothing.
 */
export function connectionLimits(limits: DatabaseTimeLimits): Partial<BoundedClientConfig> & { connectionTimeoutMillis: number } {
  const ms = (seconds: number) => Math.round(seconds * 1000);
  return {
    statement_timeout: ms(limits.DATABASE_STATEMENT_TIMEOUT_SECONDS),
    lock_timeout: ms(limits.DATABASE_LOCK_TIMEOUT_SECONDS),
    idle_in_transaction_session_timeout: ms(limits.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS),
    queryLimitMs: ms(limits.DATABASE_QUERY_TIMEOUT_SECONDS),
    connectionTimeoutMillis: ms(limits.DATABASE_CONNECT_TIMEOUT_SECONDS),
    keepAlive: true,
    keepAliveInitialDelayMillis: ms(limits.DATABASE_KEEPALIVE_SECONDS),
  };
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
    migrations: [...(settings.platformTables === false ? [] : [PlatformTables1764000000000, ProcessedAtIndex1764900000000, OutboxNotify1765100000000]), ...settings.migrations],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new CountingLogger(false),
    // gen_random_uuid() is built into Postgres 13+, and PGlite lacks uuid-ossp.
    uuidExtension: 'pgcrypto',
    // A one-connection pool (PGlite) must not reap its idle connection: the replacement can race the
    // old one's release and be refused.
    extra: {
      Client: BoundedClient,
      ...connectionLimits(settings.limits),
      max: settings.poolMax,
      idleTimeoutMillis: settings.poolMax === 1 ? 0 : 10_000,
    },
  };
}
