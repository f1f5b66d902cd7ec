/** What a service has sent to its database and to the broker so far, read from its `/metrics`. */
export interface ServiceCounters {
  /** db_statements_total by kind (`INSERT outbox`, `SELECT gateway`, `BEGIN`…): every statement, BEGIN and COMMIT included. */
  statements: Record<string, number>;
  /** kafka_requests_total by API (Fetch, Produce, OffsetCommit, Heartbeat…), its consumer's and its producer's together. */
  kafkaRequests: Record<string, number>;
}

export async function readServiceCounters(url: string): Promise<ServiceCounters> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  const counters: ServiceCounters = { statements: {}, kafkaRequests: {} };
  const add = (counts: Record<string, number>, key: string, value: string) => (counts[key] = (counts[key] ?? 0) + Number(value));
  for (const line of (await response.text()).split('\n')) {
    const statement = /^db_statements_total\{kind="([^"]*)"\} (\S+)$/.exec(line);
    if (statement) add(counters.statements, statement[1], statement[2]);
    const request = /^kafka_requests_total\{.*api="([^"]+)".*\} (\S+)$/.exec(line);
    if (request) add(counters.kafkaRequests, request[1], request[2]);
  }
  return counters;
}

/** The counters' growth between two readings. */
export function counterGrowth(before: ServiceCounters, after: ServiceCounters): ServiceCounters {
  return { statements: growth(before.statements, after.statements), kafkaRequests: growth(before.kafkaRequests, after.kafkaRequests) };
}

function growth(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [key, count] of Object.entries(after)) if (count > (before[key] ?? 0)) grown[key] = count - (before[key] ?? 0);
  return grown;
}

export function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}
