import { Client } from 'pg';
import { e2eEnvironment } from './environment';
import { ServiceName } from './http';

/** A query against one service's own database, to assert on what it stored. */
export async function query<T = Record<string, unknown>>(service: ServiceName, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: e2eEnvironment().databases[service] });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
