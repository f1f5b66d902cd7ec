import { Client } from 'pg';
import { e2eEnvironment } from './environment';
import { ServiceName } from './http';

/** Runs `work` on one connection to one service's own database (or the desk's: its sessions). */
async function withDatabase<T>(service: ServiceName | 'desk', work: (client: Client) => Promise<T>): Promise<T> {
  const environment = e2eEnvironment();
  const client = new Client({ connectionString: service === 'desk' ? environment.deskDatabase : environment.databases[service] });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A query against one service's own database, to assert on what it stored. */
export function query<T = Record<string, unknown>>(service: ServiceName | 'desk', sql: string, params: unknown[] = []): Promise<T[]> {
  return withDatabase(service, async (client) => (await client.query(sql, params)).rows as T[]);
}

/** The tables of one service (with row counts) that still hold `text` anywhere in a row, case-insensitively. */
export function tablesHolding(service: ServiceName, text: string): Promise<Record<string, number>> {
  return withDatabase(service, async (client) => {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const holding: Record<string, number> = {};
    for (const { table_name } of tables) {
      const { rows } = await client.query<{ count: string }>(
        `SELECT count(*) FROM "${table_name}" AS row WHERE row::text ILIKE '%' || $1 || '%'`,
        [text],
      );
      if (Number(rows[0].count) > 0) holding[table_name] = Number(rows[0].count);
    }
    return holding;
  });
}
