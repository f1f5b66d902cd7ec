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

/** The tables of one service (with row counts) that still hold `text` anywhere in a row, case-insensitively. */
export async function tablesHolding(service: ServiceName, text: string): Promise<Record<string, number>> {
  const tables = await query<{ table_name: string }>(
    service,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const holding: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [{ count }] = await query<{ count: string }>(
      service,
      `SELECT count(*) FROM "${table_name}" AS row WHERE row::text ILIKE '%' || $1 || '%'`,
      [text],
    );
    if (Number(count) > 0) holding[table_name] = Number(count);
  }
  return holding;
}
