import { Client } from 'pg';

const DB_NAME = /^[a-z_][a-z0-9_]*$/;

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function isPostgresReachable(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A server that drops the socket emits 'error' on the client; unhandled, it would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    // The server answered and accepted the credentials; creating the database is ensureDatabases' job.
    return (err as { code?: string }).code === '3D000';
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensureDatabases(
  serverUrl: string,
  names: string[],
  opts: { recreate?: boolean } = {},
): Promise<Record<string, string>> {
  for (const name of names) {
    if (!DB_NAME.test(name)) throw new Error(`Invalid database name "${name}": must match ${DB_NAME}`);
    if (name === 'postgres') throw new Error('Refusing to manage the maintenance database "postgres"');
  }
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const urls: Record<string, string> = {};
    for (const name of names) {
      const ident = client.escapeIdentifier(name);
      if (opts.recreate) {
        // WITH (FORCE) (PG 13+) terminates other sessions atomically, so a reconnecting pool cannot sneak back in.
        await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
      }
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) {
        try {
          await client.query(`CREATE DATABASE ${ident}`);
        } catch (err) {
          // Another process (e.g. a parallel Jest worker) created it between our check and CREATE.
          const code = (err as { code?: string }).code;
          if (code !== '42P04' && code !== '23505') throw err;
        }
      }
      urls[name] = withDatabase(serverUrl, name);
    }
    return urls;
  } finally {
    await client.end();
  }
}

/** LIKE's "_" matches any character: escaped, so that another run's prefix (client_gate_chaos100_…) does not match. */
const startingWith = (prefix: string) => `${prefix.replace(/_/g, '\\_')}%`;

/** The backends serving the databases whose names start with `prefix`. */
export async function backendPidsOf(serverUrl: string, prefix: string): Promise<number[]> {
  const rows = await onServer<{ pid: number }>(serverUrl, 'SELECT pid FROM pg_stat_activity WHERE datname LIKE $1', [startingWith(prefix)]);
  return rows.map((row) => row.pid);
}

/** Ends the connections to the databases whose names start with `prefix` (on a server that others share). */
export async function terminateBackendsOf(serverUrl: string, prefix: string): Promise<void> {
  await onServer(serverUrl, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname LIKE $1', [startingWith(prefix)]);
}

async function onServer<R extends object>(serverUrl: string, sql: string, values: unknown[]): Promise<R[]> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
