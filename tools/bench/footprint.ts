import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { listTopics } from '../ops/kafka-ops';

/** Running totals that, taken before and after a phase, say what one registration costs the infrastructure. */
export interface Footprint {
  /** Records on every topic of the platform. */
  messages: number;
  /** Committed transactions in the services' databases (pg_stat_database.xact_commit, reads and idle polls included). */
  commits: number;
  /** The same, per database. */
  commitsByDatabase: Record<string, number>;
}

export async function readFootprint(kafka: Kafka, serverUrl: string, databaseNames: string[]): Promise<Footprint> {
  const topics = await listTopics(kafka);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string; commits: string }>(
      'SELECT datname, xact_commit::text AS commits FROM pg_stat_database WHERE datname = ANY($1)',
      [databaseNames],
    );
    const commitsByDatabase = Object.fromEntries(rows.map((row) => [row.datname, Number(row.commits)]));
    return {
      messages: topics.reduce((sum, topic) => sum + topic.messages, 0),
      commits: rows.reduce((sum, row) => sum + Number(row.commits), 0),
      commitsByDatabase,
    };
  } finally {
    await client.end();
  }
}
