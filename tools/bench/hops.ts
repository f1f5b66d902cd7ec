import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { ServiceName } from '../system/services';
import { Registration } from './registrations';
import { SmtpSink } from './smtp-sink';
import { summarise } from './stats';

export interface Hop {
  hop: string;
  /** The service whose work ends the hop: a registration waits in its queue or its relay's. */
  service?: ServiceName;
  count: number;
  p50Ms: number;
  p95Ms: number;
}

interface Timeline {
  /** The bench starts POST /applications. */
  start: number;
  /** intake's transaction runs (application.submitted_at). */
  intake?: number;
  /** registry handles ApplicationSubmitted (gateway.registered_at). */
  registry?: number;
  /** activation handles GatewayRegistered (one_time_code.created_at). */
  activation?: number;
  /** notifications handles CodeIssued (delivery.created_at, its transaction's start). */
  notifications?: number;
  /** The courier's batch transaction begins (delivery.sent_at is now() of that transaction). */
  courier?: number;
  /** The email's DATA ends at the sink. */
  arrived?: number;
}

const HOPS: [string, ServiceName | undefined, keyof Timeline, keyof Timeline][] = [
  ['POST /applications → intake transaction', 'intake', 'start', 'intake'],
  ['intake → registry (intake outbox relay, Kafka, registry consumer)', 'registry', 'intake', 'registry'],
  ['registry → activation (registry outbox relay, Kafka, activation consumer)', 'activation', 'registry', 'activation'],
  ['activation → notifications (activation outbox relay, Kafka, notifications consumer)', 'notifications', 'activation', 'notifications'],
  ['notifications → courier picks the email up', 'notifications', 'notifications', 'courier'],
  ['courier renders and sends → SMTP sink', 'notifications', 'courier', 'arrived'],
  ['total', undefined, 'start', 'arrived'],
];

/**
 * Where a registration's time went, hop by hop: each service records when it handled the registration
 * in its own database (all on this machine's clock), the sink when the email arrived. This reads
 * tables that other engineers own; when one has changed shape, it throws and the breakdown is left out.
 */
export async function latencyByHop(databases: Record<ServiceName, string>, sink: SmtpSink, people: Registration[]): Promise<Hop[]> {
  const timelines = new Map<string, Timeline>();
  const byGateway = new Map<string, Timeline>();
  for (const person of people) {
    const email = sink.arrival(person.email, 'activation-code');
    if (!person.applicationId || !email) continue;
    timelines.set(person.applicationId, { start: wallClock(person.submittedAt!), arrived: wallClock(email.arrivedAt) });
  }
  const applications = await rows(databases.intake, 'SELECT id, gateway_id, submitted_at FROM application WHERE id = ANY($1::uuid[])', [...timelines.keys()]);
  for (const row of applications) {
    const timeline = timelines.get(row['id'])!;
    timeline.intake = row['submitted_at'].getTime();
    if (row['gateway_id']) byGateway.set(row['gateway_id'], timeline);
  }
  const gateways = [...byGateway.keys()];
  const fill = async (service: ServiceName, sql: string, apply: (timeline: Timeline, row: Record<string, any>) => void) => {
    for (const row of await rows(databases[service], sql, gateways)) apply(byGateway.get(row['gateway_id'])!, row);
  };
  await fill('registry', 'SELECT id AS gateway_id, registered_at FROM gateway WHERE id = ANY($1::uuid[])', (timeline, row) => (timeline.registry = row['registered_at'].getTime()));
  await fill('activation', "SELECT gateway_id, min(created_at) AS created_at FROM one_time_code WHERE gateway_id = ANY($1::uuid[]) AND purpose = 'activation' GROUP BY gateway_id", (timeline, row) => (timeline.activation = row['created_at'].getTime()));
  await fill('notifications', "SELECT gateway_id, created_at, sent_at FROM delivery WHERE gateway_id = ANY($1::uuid[]) AND type = 'activation-code'", (timeline, row) => {
    timeline.notifications = row['created_at'].getTime();
    timeline.courier = row['sent_at']?.getTime();
  });

  return HOPS.map(([hop, service, from, to]) => {
    const durations = [...timelines.values()].flatMap((timeline) => (timeline[from] !== undefined && timeline[to] !== undefined ? [timeline[to]! - timeline[from]!] : []));
    const { p50Ms, p95Ms } = summarise(durations);
    return { hop, service, count: durations.length, p50Ms, p95Ms };
  });
}

function wallClock(performanceTime: number): number {
  return performance.timeOrigin + performanceTime;
}

async function rows(url: string, sql: string, ids: string[]): Promise<Record<string, any>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, [ids])).rows;
  } finally {
    await client.end();
  }
}
