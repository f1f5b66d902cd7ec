import { CpuShare, EVERYTHING_ELSE, MACHINE_TOTAL } from './cpu-meter';
import { EndToEndOutcome } from './end-to-end';
import { Hop } from './hops';
import { Backlog } from './pipeline-probe';
import { ServiceCounters, sum } from './service-counters';
import { LatencySummary, round } from './stats';

/** benchmarks/results/latest.json: this shape exactly, so that runs can be compared by a script. */
export interface BenchResults {
  /** Closed loop: each client waits for its person's activation email before the next (as Keycloak's script does). */
  e2e: { count: number; seconds: number; perSecond: number } & LatencySummary;
  /** Clients that do not wait for the emails: the capacity; its latency is the queue inside the pipeline. */
  openPipeline: { count: number; seconds: number; perSecond: number } & LatencySummary;
  atRate: { rate: number } & LatencySummary;
  /** Sign-ins with the password and an authenticator's code; CPU of the platform's processes per sign-in. */
  login: { perSecond: number; p50Ms: number; p99Ms: number; cpuMsPerLogin: number };
  floor: { kafkaPerSecond: number; pgCommitsPerSecond: number };
  ratio: { e2eToKafka: number; e2eToPg: number };
  activation: { perSecond: number; hashMs: number };
  /** The machine's 1-minute load average at the end of each phase (2 or more on 2 cores: others' work competed). */
  loadAverage: { e2e: number; openPipeline: number; atRate: number; activation: number; login: number };
  machine: { cpus: number; node: string; kafka: string; postgres: string };
}

/** What the figures were measured with, for the table's labels. */
export interface BenchSetup {
  concurrency: number;
  atRateCount: number;
  recordBytes: number;
  kafkaMessages: number;
  pgCommits: number;
  pgConnections: number;
  activations: number;
  activationConcurrency: number;
  logins: number;
  loginAccounts: number;
  loginConcurrency: number;
}

/** What one phase looked like from outside: CPU per process and the queues in front of each stage. */
export interface PhaseObservation {
  phase: string;
  cpu: CpuShare[];
  backlogs: Backlog[];
  /** What each service sent to its database and to the broker during the phase. */
  counters: Record<string, ServiceCounters>;
}

export interface ScaleOut {
  service: string;
  why: string;
  one: EndToEndOutcome & LatencySummary;
  two: EndToEndOutcome & LatencySummary;
}

/** Ratios are tiny (the platform does many commits and messages per registration): three significant digits. */
export function ratio(part: number, whole: number): number {
  return whole > 0 ? Number((part / whole).toPrecision(3)) : 0;
}

export function resultsTable(results: BenchResults, setup: BenchSetup): string {
  const { e2e, openPipeline, atRate, login, floor, activation, machine } = results;
  const n = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const latencies = (l: LatencySummary) => `${n(l.p50Ms)} / ${n(l.p95Ms)} / ${n(l.p99Ms)} ms`;
  const times = (value: number) => (value > 0 ? ` (1 : ${n(Math.round(1 / value))})` : '');
  return [
    '| measure | value |',
    '|---|---|',
    `| end to end, closed loop: ${e2e.count} registrations, ${setup.concurrency} clients each waiting for its email | **${n(e2e.perSecond)} registrations/s** over ${n(e2e.seconds)} s |`,
    `| latency of the closed loop, p50 / p95 / p99 (application POST to activation email) | ${latencies(e2e)} |`,
    `| end to end, open pipeline: ${openPipeline.count} registrations, ${setup.concurrency} clients not waiting | ${n(openPipeline.perSecond)} registrations/s over ${n(openPipeline.seconds)} s |`,
    `| latency of the open pipeline, p50 / p95 / p99 (the queue inside the pipeline) | ${latencies(openPipeline)} |`,
    `| latency at a fixed ${atRate.rate}/s, ${setup.atRateCount} registrations, p50 / p95 / p99 | ${latencies(atRate)} |`,
    `| floor: kafkajs produce→consume, ${n(setup.kafkaMessages)} records of ${setup.recordBytes} B, 6 partitions | ${n(Math.round(floor.kafkaPerSecond))} messages/s |`,
    `| floor: Postgres, ${n(setup.pgCommits)} one-row commits of ${setup.recordBytes} B, ${setup.pgConnections} connections | ${n(Math.round(floor.pgCommitsPerSecond))} commits/s |`,
    `| ratio end to end / Kafka floor | ${results.ratio.e2eToKafka}${times(results.ratio.e2eToKafka)} |`,
    `| ratio end to end / Postgres floor | ${results.ratio.e2eToPg}${times(results.ratio.e2eToPg)} |`,
    `| activations (POST /activation, ${setup.activations} clients' codes, ${setup.activationConcurrency} at a time) | ${n(activation.perSecond)} activations/s |`,
    `| sign-ins with an authenticator app (POST /login, POST /login/second-factor), ${setup.logins} over ${setup.loginAccounts} accounts, ${setup.loginConcurrency} at a time | **${n(login.perSecond)} sign-ins/s**, p50 ${n(login.p50Ms)} ms, p99 ${n(login.p99Ms)} ms, ${n(login.cpuMsPerLogin)} ms of platform CPU each |`,
    `| argon2id hash (m = 19 MiB, t = 2, p = 1), one at a time | ${n(activation.hashMs)} ms → at most ${n(Math.round((machine.cpus * 1000) / activation.hashMs))}/s on ${machine.cpus} cores |`,
    `| load average (1 min) at the end of closed loop / open pipeline / fixed rate / activations / sign-ins | ${[results.loadAverage.e2e, results.loadAverage.openPipeline, results.loadAverage.atRate, results.loadAverage.activation, results.loadAverage.login].map(n).join(' / ')} |`,
    `| machine | ${machine.cpus} CPUs, Node ${machine.node}, Kafka ${machine.kafka}, Postgres ${machine.postgres} |`,
  ].join('\n');
}

export function observationsTable(observation: PhaseObservation): string {
  const lines = [`CPU during ${observation.phase} (100% = one core):`, '', '| process | CPU |', '|---|---|'];
  for (const share of observation.cpu) lines.push(`| ${share.label} | ${share.percent}% |`);
  lines.push('', `Queues during ${observation.phase}, sampled each second, in the order a registration meets them:`, '');
  lines.push('| queue | peak | mean |', '|---|---|---|');
  for (const backlog of observation.backlogs) lines.push(`| ${backlog.stage} | ${backlog.peak} | ${backlog.mean} |`);
  return lines.join('\n');
}

/**
 * What one registration cost each process, whatever else the machine was doing: CPU time, and for the services
 * the statements they sent to Postgres and the requests they sent to the broker.
 */
export function costTable(observation: PhaseObservation, registrations: number, unit = 'registration'): string {
  const each = (value: number) => round(value / registrations);
  // Kafka requests are far fewer than statements: two decimals.
  const eachRequest = (value: number) => Math.round((value / registrations) * 100) / 100;
  const breakdown = (counts: Record<string, number>, per: (value: number) => number) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .filter(([, count]) => per(count) > 0)
      .map(([key, count]) => `${key} ${per(count)}`)
      .join(', ');
  const lines = [`What one ${unit} cost each process during ${observation.phase}:`, ''];
  lines.push('| process | CPU ms | Postgres statements | Kafka requests |', '|---|---|---|---|');
  const total = { ms: 0, statements: 0, requests: 0 };
  for (const share of observation.cpu) {
    const counters = observation.counters[share.label];
    const statements = counters ? `${each(sum(counters.statements))}` : '';
    const requests = counters ? `${eachRequest(sum(counters.kafkaRequests))} (${breakdown(counters.kafkaRequests, eachRequest)})` : '';
    lines.push(`| ${share.label} | ${each(share.ms)} | ${statements} | ${requests} |`);
    if (share.label === EVERYTHING_ELSE || share.label === MACHINE_TOTAL) continue;
    total.ms += share.ms;
    total.statements += counters ? sum(counters.statements) : 0;
    total.requests += counters ? sum(counters.kafkaRequests) : 0;
  }
  // The platform and the bench together, without the rest of the machine: what the comparison with a peer counts.
  lines.push(`| **the platform and the bench (all but everything else)** | **${each(total.ms)}** | **${each(total.statements)}** | **${eachRequest(total.requests)}** |`);
  lines.push('', `Postgres statements per ${unit}, by kind:`, '');
  for (const [service, counters] of Object.entries(observation.counters)) lines.push(`- ${service}: ${breakdown(counters.statements, each)}`);
  return lines.join('\n');
}

export function hopsTable(phase: string, hops: Hop[]): string {
  const lines = [`Where a registration's time went during ${phase}, hop by hop (each hop's own percentiles: they do not add up):`, ''];
  lines.push('| hop | p50 | p95 | registrations |', '|---|---|---|---|');
  for (const hop of hops) lines.push(`| ${hop.hop} | ${hop.p50Ms} ms | ${hop.p95Ms} ms | ${hop.count} |`);
  return lines.join('\n');
}

export function scaleOutTable(scaleOut: ScaleOut): string {
  const row = (label: string, outcome: EndToEndOutcome & LatencySummary) =>
    `| ${label} | ${outcome.delivered} | ${outcome.perSecond} | ${outcome.p50Ms} / ${outcome.p95Ms} / ${outcome.p99Ms} ms |`;
  return [
    `Scale-out of ${scaleOut.service} (${scaleOut.why}):`,
    '',
    '| instances | registrations | registrations/s | p50 / p95 / p99 |',
    '|---|---|---|---|',
    row(`one ${scaleOut.service}`, scaleOut.one),
    row(`two ${scaleOut.service}`, scaleOut.two),
  ].join('\n');
}
