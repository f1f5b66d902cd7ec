import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { listTopics } from '../ops/kafka-ops';

/** Running totals that, taken before and after a phase, say what one registration costs the infrastructure. */
export interface Footprint {
  /** Records on every topic of the platform. */
  messages: number;
  /** Committed transactions in the services' databases (pg_stat_database.xact_commit, reads and idle polls included). */
  commits: number;
}

export async function readFootprint(kafka: Kafka, serverUrl: string, databaseNames: string[]): Promise<Footprint> {
  const topics = await listTopics(kafka);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ commits: string }>('SELECT coalesce(sum(xact_commit), 0)::text AS commits FROM pg_stat_database WHERE datname = ANY($1)', [databaseNames]);
    return { messages: topics.reduce((sum, topic) => sum + topic.messages, 0), commits: Number(rows[0].commits) };
  } finally {
    await client.end();
  }
}
