import { Kafka } from 'kafkajs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { consumerLag } from '../ops/kafka-ops';
import { SERVICE_NAMES, ServiceName } from '../system/services';

export interface Backlog {
  /** e.g. "registry: consumer lag", "notifications: emails pending" */
  stage: string;
  service: ServiceName;
  peak: number;
  mean: number;
}

const INTERVAL_MS = 1_000;

/**
 * Samples, once a second, every queue a registration passes through on its way to an email: each
 * service's outbox (rows not yet relayed), each consumer group's lag (`npm run ops -- lag`), and the
 * emails notifications has stored but not sent. Work piles up in front of the slowest stage.
 */
export class PipelineProbe {
  private readonly pools: Record<ServiceName, Pool>;
  private readonly samples = new Map<string, { service: ServiceName; values: number[] }>();
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    databases: Record<ServiceName, string>,
  ) {
    this.pools = Object.fromEntries(SERVICE_NAMES.map((name) => {
      const pool = new Pool({ connectionString: databases[name], max: 1 });
      pool.on('error', () => undefined);
      return [name, pool];
    })) as Record<ServiceName, Pool>;
  }

  start(): void {
    this.samples.clear();
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const begun = performance.now();
        await this.sample();
        await sleep(Math.max(0, INTERVAL_MS - (performance.now() - begun)));
      }
    })();
  }

  /** Stages in the order a registration meets them, with their peak and mean depth while running. */
  async stop(): Promise<Backlog[]> {
    this.running = false;
    await this.loop;
    return [...this.samples].map(([stage, { service, values }]) => ({
      stage,
      service,
      peak: Math.max(...values),
      mean: Math.round(values.reduce((sum, value) => sum + value, 0) / values.length),
    }));
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.end()));
  }

  private async sample(): Promise<void> {
    // Reads that fail (a table another engineer renamed, a broker hiccup) leave a gap, not a failed bench.
    const [lag, outboxes, pending] = await Promise.all([
      consumerLag(this.kafka).catch(() => []),
      Promise.all(SERVICE_NAMES.map((name) => this.count(name, 'SELECT count(*)::int AS n FROM outbox'))),
      this.count('notifications', "SELECT count(*)::int AS n FROM delivery WHERE status = 'pending'"),
    ]);
    const lagOf = (group: ServiceName) => lag.filter((row) => row.group === group).reduce((sum, row) => sum + row.lag, 0);
    const path: [ServiceName, string, number | undefined][] = [
      ['intake', 'outbox', outboxes[0]],
      ['registry', 'consumer lag', lagOf('registry')],
      ['registry', 'outbox', outboxes[1]],
      ['activation', 'consumer lag', lagOf('activation')],
      ['activation', 'outbox', outboxes[2]],
      ['notifications', 'consumer lag', lagOf('notifications')],
      ['notifications', 'emails pending', pending],
      ['notifications', 'outbox', outboxes[3]],
      ['intake', 'consumer lag (decisions)', lagOf('intake')],
    ];
    for (const [service, queue, value] of path) {
      if (value === undefined) continue;
      const stage = `${service}: ${queue}`;
      const entry = this.samples.get(stage) ?? { service, values: [] };
      entry.values.push(value);
      this.samples.set(stage, entry);
    }
  }

  private async count(service: ServiceName, sql: string): Promise<number | undefined> {
    try {
      return (await this.pools[service].query<{ n: number }>(sql)).rows[0].n;
    } catch {
      return undefined;
    }
  }
}
