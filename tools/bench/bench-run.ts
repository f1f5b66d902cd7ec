import { mintStaffToken } from '@client-gate/platform';
import { Kafka } from 'kafkajs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { backendPidsOf, ensureDatabases } from '../infra/postgres';
import { KAFKA_VERSION } from '../kafka/broker';
import { kafkaFor } from '../ops/kafka-ops';
import { RunningSystem } from '../system/launch';
import { REPO_ROOT, RunningService, SERVICE_NAMES, ServiceName } from '../system/services';
import { ActivationOutcome, argon2HashMs, driveActivations } from './activations';
import { CpuMeter, findProcess } from './cpu-meter';
import { AtRateOutcome, EndToEndOutcome, runAtRate, runClosedLoop, runOpenPipeline } from './end-to-end';
import { kafkaFloor, pgCommitFloor, recordSize, sampleApplicationSubmitted } from './floor';
import { readFootprint } from './footprint';
import { Hop, latencyByHop } from './hops';
import { driveLogins, enrolTotp, LoginOutcome } from './logins';
import { BenchOptions } from './options';
import { PipelineProbe } from './pipeline-probe';
import { IntakeClient, newRegistrations, Registration } from './registrations';
import {
  BenchResults, BenchSetup, costTable, hopsTable, observationsTable, PhaseObservation, ratio, resultsTable, ScaleOut, scaleOutTable,
} from './report';
import { addInstance, slowestService } from './scale-out';
import { counterGrowth, readServiceCounters, ServiceCounters } from './service-counters';
import { SmtpSink } from './smtp-sink';
import { round, summarise } from './stats';

const WARM_UP = 300;
const AT_RATE_SECONDS = 5;
/** With `--rate auto` the rate is lower: a longer batch, so that its p99 rests on enough registrations. */
const AUTO_RATE_SECONDS = 20;
const ACTIVATIONS = 100;
const ACTIVATION_CONCURRENCY = 8;
/** As Keycloak's peer script signs in: 8 at a time, after a warm-up. */
const LOGIN_CONCURRENCY = 8;
const LOGIN_WARM_UP = 40;
/** An account signs in at most this often within a TOTP step and its neighbours without waiting for the clock. */
const LOGINS_PER_ACCOUNT = 2;
const HASH_SAMPLES = 10;
const KAFKA_FLOOR_MESSAGES = 30_000;
const PG_FLOOR_COMMITS = 5_000;
// One per service: each commits one event at a time from its consumer, the way the floor does.
const PG_FLOOR_CONNECTIONS = 4;
// Backends report their commit counts to pg_stat_database at most once a second.
const STATS_SETTLE_MS = 2_000;
const SECOND_INSTANCE_PORT_OFFSET = 100;
const RESULTS_DIR = join(REPO_ROOT, 'benchmarks', 'results');
const KAFKA_GROUP = 'kafka broker (JVM)';
const POSTGRES_GROUP = 'postgres backends of the bench databases';

export interface BenchContext {
  system: RunningSystem;
  sink: SmtpSink;
  options: BenchOptions;
  staffSecret: string;
  postgresUrl: string;
  databasePrefix: string;
  kafkaPort: number;
  logDir: string;
  /** Registers something to stop at the end (or on Ctrl-C). */
  onStop(stop: () => Promise<void>): void;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const heading = (title: string) => log(`\n## ${title}`);

/** Runs every phase, prints the report and writes the results; false when registrations were refused or lost. */
export async function runBench(context: BenchContext): Promise<boolean> {
  const run = new BenchRun(context);
  const loadAfter = <T>(phase: keyof BenchResults['loadAverage'], result: T): T => {
    run.loadAverage[phase] = round(loadavg()[0]);
    log(`  load average (1 min) at the end: ${run.loadAverage[phase]}`);
    return result;
  };
  await run.warmUp();
  const full = loadAfter('e2e', await run.fullSpeed());
  const open = loadAfter('openPipeline', await run.openPipeline());
  const atRate = loadAfter('atRate', await run.atRate(open.perSecond));
  const activation = loadAfter('activation', await run.activations(full.people));
  const login = loadAfter('login', await run.logins(full.people));
  const floor = await run.floor();
  const scaleOut = context.options.scaleOut ? await run.scaleOut(full) : undefined;
  await run.report(full, open, atRate, activation, login, floor, scaleOut);
  return run.problems.length === 0;
}

interface FullSpeed {
  people: Registration[];
  outcome: EndToEndOutcome;
  observation: PhaseObservation;
  hops: Hop[] | Error;
  /** Kafka records and Postgres transactions per registration, over the services' databases. */
  records: number;
  transactions: number;
  transactionsByService: string;
}

interface AtRate {
  rate: number;
  count: number;
  outcome: AtRateOutcome;
}

interface Activations {
  outcome: ActivationOutcome;
  observation: PhaseObservation;
  people: number;
  hashMs: number;
}

interface Logins {
  outcome: LoginOutcome;
  observation: PhaseObservation;
  accounts: number;
}

interface Floor {
  kafkaPerSecond: number;
  pgCommitsPerSecond: number;
  recordBytes: number;
}

/** One bench run's steps, in the order `runBench` takes them, and what they share. */
class BenchRun {
  readonly problems: string[] = [];
  /** The machine's 1-minute load average at the end of each phase: the machine is shared, and this says how much. */
  readonly loadAverage = {} as BenchResults['loadAverage'];
  private readonly intake: IntakeClient;
  private readonly token: string;
  private readonly brokers: string[];
  private readonly kafka: Kafka;
  private readonly databaseNames: string[];
  private readonly probe: PipelineProbe;
  private readonly extraInstances: RunningService[] = [];
  private readonly kafkaPid?: number;

  constructor(private readonly context: BenchContext) {
    const { system } = context;
    this.token = mintStaffToken(context.staffSecret, { officer: 'bench', consulate: 'HU-BENCH' }, new Date());
    this.intake = new IntakeClient([system.services.intake.url], this.token);
    this.brokers = system.kafkaBrokers.split(',');
    this.kafka = kafkaFor(this.brokers);
    this.databaseNames = SERVICE_NAMES.map((name) => `${context.databasePrefix}${name}`);
    this.probe = new PipelineProbe(this.kafka, system.databases);
    context.onStop(() => this.probe.close());
    this.kafkaPid = findProcess(`server-${context.kafkaPort}.properties`);
  }

  /**
   * 0. The JITs (V8 in each service, HotSpot in the broker) and the connection pools settle first, so that
   * the figures describe the steady state rather than a cold start.
   */
  async warmUp(): Promise<void> {
    const count = Math.min(WARM_UP, this.context.options.count);
    heading(`0. Warm-up: ${count} registrations at full speed (not measured)`);
    this.check('warm-up', await runOpenPipeline(this.intake, this.context.sink, newRegistrations('warm', count), this.context.options.concurrency));
  }

  /**
   * 1. N people end to end, C clients in a closed loop (each waits for its person's email before the next), as
   * Keycloak's peer script measures; with what it cost each process.
   */
  async fullSpeed(): Promise<FullSpeed> {
    const { options, sink, system, postgresUrl } = this.context;
    heading(`1. End to end, closed loop: ${options.count} registrations, ${options.concurrency} clients, each waiting for its email`);
    const people = newRegistrations('full', options.count);
    const before = await readFootprint(this.kafka, postgresUrl, this.databaseNames);
    const [outcome, observation] = await this.observe(`the closed loop (${options.count} registrations)`, () =>
      runClosedLoop(this.intake, sink, people, options.concurrency),
    );
    this.check('full speed', outcome);
    if (outcome.delivered === 0) throw new Error(`no registration got through: ${outcome.firstError ?? 'no activation email arrived'}`);
    await sleep(STATS_SETTLE_MS);
    const after = await readFootprint(this.kafka, postgresUrl, this.databaseNames);
    const hops = await latencyByHop(system.databases, sink, people).catch((error: Error) => error);
    const perRegistration = (count: number) => round(count / outcome.delivered);
    return {
      people,
      outcome,
      observation,
      hops,
      records: perRegistration(after.messages - before.messages),
      transactions: perRegistration(after.commits - before.commits),
      transactionsByService: SERVICE_NAMES.map((name, index) => {
        const database = this.databaseNames[index];
        return `${name} ${perRegistration((after.commitsByDatabase[database] ?? 0) - (before.commitsByDatabase[database] ?? 0))}`;
      }).join(', '),
    };
  }

  /**
   * 1b. The same number again as an open pipeline: C clients submit as fast as intake answers and the emails are
   * awaited at the end. Its throughput is the capacity (the fixed rate takes half of it); its latency is the queue.
   */
  async openPipeline(): Promise<EndToEndOutcome> {
    const { options, sink } = this.context;
    heading(`1b. End to end, open pipeline: ${options.count} registrations, ${options.concurrency} clients not waiting for emails`);
    const outcome = await runOpenPipeline(this.intake, sink, newRegistrations('open', options.count), options.concurrency);
    this.check('open pipeline', outcome);
    return outcome;
  }

  /** 2. A third batch, open loop at a fixed rate: by default half of what the open pipeline achieved. */
  async atRate(capacityPerSecond: number): Promise<AtRate> {
    const { options, sink } = this.context;
    const auto = options.rate === 'auto';
    const rate = auto ? Math.max(1, Math.round(capacityPerSecond / 2)) : (options.rate as number);
    const count = Math.min(options.count, rate * (auto ? AUTO_RATE_SECONDS : AT_RATE_SECONDS));
    heading(`2. At a fixed rate: ${count} registrations at ${rate}/s (open loop${auto ? ", half the open pipeline's rate" : ''})`);
    const outcome = await runAtRate(this.intake, sink, newRegistrations('rate', count), rate, options.concurrency);
    this.check('fixed rate', outcome);
    log(`  the bench sent its submissions at most ${outcome.maxSendLagMs} ms behind schedule`);
    return { rate, count, outcome };
  }

  /**
   * 3. People from the closed-loop batch activate with their codes (enough of them for the sign-ins after); then
   * argon2id alone, in this process.
   */
  async activations(registered: Registration[]): Promise<Activations> {
    const { system, sink, options } = this.context;
    const wanted = Math.max(ACTIVATIONS, Math.ceil((LOGIN_WARM_UP + options.logins) / LOGINS_PER_ACCOUNT));
    heading(`3. Activations: ${wanted} clients, ${ACTIVATION_CONCURRENCY} at a time`);
    const people = registered.filter((person) => sink.arrival(person.email, 'activation-code')).slice(0, wanted);
    const [outcome, observation] = await this.observe(`activations (${people.length})`, () =>
      driveActivations(system.services.activation.url, sink, people, ACTIVATION_CONCURRENCY),
    );
    if (outcome.failed > 0) this.problems.push(`activations: ${outcome.failed} failed (first: ${outcome.firstError})`);
    const hashMs = await argon2HashMs(HASH_SAMPLES);
    log(`  argon2id: ${hashMs} ms per hash`);
    return { outcome, observation, people: people.length, hashMs };
  }

  /**
   * 4. Sign-ins with a second factor, as Keycloak's peer script signs in (8 at a time): the activated people enrol an
   * authenticator app, then each sign-in is the password and the app's code, from a browser used before.
   */
  async logins(activated: Registration[]): Promise<Logins> {
    const { system, options } = this.context;
    const url = system.services.activation.url;
    heading(`4. Sign-ins with an authenticator app: ${options.logins} (after ${LOGIN_WARM_UP} not measured), ${LOGIN_CONCURRENCY} at a time`);
    const { accounts, failed, firstError } = await enrolTotp(url, activated, LOGIN_CONCURRENCY);
    if (failed > 0) this.problems.push(`TOTP enrolment: ${failed} failed (first: ${firstError})`);
    const warm = await driveLogins(url, accounts, LOGIN_WARM_UP, LOGIN_CONCURRENCY);
    if (warm.failed > 0) this.problems.push(`login warm-up: ${warm.failed} failed (first: ${warm.firstError})`);
    const [outcome, observation] = await this.observe(`sign-ins (${options.logins})`, () => driveLogins(url, accounts, options.logins, LOGIN_CONCURRENCY));
    if (outcome.failed > 0) this.problems.push(`sign-ins: ${outcome.failed} failed (first: ${outcome.firstError})`);
    if (outcome.waitedMs > 0) log(`  the clients waited ${outcome.waitedMs} ms for the next TOTP step (counted in the time)`);
    return { outcome, observation, accounts: accounts.length };
  }

  /** 5. What the same broker and Postgres do at the least, while the services idle. */
  async floor(): Promise<Floor> {
    const { postgresUrl, databasePrefix } = this.context;
    heading('5. Floor of the machine');
    const record = sampleApplicationSubmitted();
    const kafkaPerSecond = await kafkaFloor(this.brokers, record, KAFKA_FLOOR_MESSAGES);
    const floorDatabase = `${databasePrefix}floor`;
    const floorUrl = (await ensureDatabases(postgresUrl, [floorDatabase], { recreate: true }))[floorDatabase];
    const pgCommitsPerSecond = await pgCommitFloor(floorUrl, record, PG_FLOOR_COMMITS, PG_FLOOR_CONNECTIONS);
    return { kafkaPerSecond, pgCommitsPerSecond, recordBytes: recordSize(record) };
  }

  /** 6. Full speed (open pipeline) again, with a second instance of the service that held registrations up the longest. */
  async scaleOut(full: FullSpeed): Promise<ScaleOut> {
    const { system, sink, options, logDir } = this.context;
    const { service, why } = slowestService(full.hops, full.observation);
    heading(`6. Scale-out: full speed again with two instances of ${service}`);
    const port = Number(new URL(system.services[service].url).port) + SECOND_INSTANCE_PORT_OFFSET;
    const instance = await addInstance(system, this.kafka, service, port, join(logDir, 'second-instance'));
    this.extraInstances.push(instance);
    this.context.onStop(() => instance.stop());
    const people = newRegistrations('scale', options.count);
    const urls = service === 'intake' ? [system.services.intake.url, instance.url] : [system.services.intake.url];
    const [two, observation] = await this.observe(`full speed with two ${service} (${options.count} registrations)`, () =>
      runOpenPipeline(new IntakeClient(urls, this.token), sink, people, options.concurrency),
    );
    this.check('scale-out', two);
    const hops = await latencyByHop(system.databases, sink, people).catch((error: Error) => error);
    await instance.stop();
    log(`\n${observationsTable(observation)}`);
    if (!(hops instanceof Error)) log(`\n${hopsTable(observation.phase, hops)}`);
    return { service, why, one: { ...full.outcome, ...summarise(full.outcome.latenciesMs) }, two: { ...two, ...summarise(two.latenciesMs) } };
  }

  /** Prints the tables and writes benchmarks/results/latest.json (and latest-scale-out.json). */
  async report(full: FullSpeed, open: EndToEndOutcome, atRate: AtRate, activation: Activations, login: Logins, floor: Floor, scaleOut?: ScaleOut): Promise<void> {
    const { outcome } = full;
    const loginLatency = summarise(login.outcome.latenciesMs);
    const results: BenchResults = {
      e2e: { count: outcome.delivered, seconds: outcome.seconds, perSecond: outcome.perSecond, ...summarise(outcome.latenciesMs) },
      openPipeline: { count: open.delivered, seconds: open.seconds, perSecond: open.perSecond, ...summarise(open.latenciesMs) },
      atRate: { rate: atRate.rate, ...summarise(atRate.outcome.latenciesMs) },
      login: {
        perSecond: login.outcome.perSecond,
        p50Ms: loginLatency.p50Ms,
        p99Ms: loginLatency.p99Ms,
        cpuMsPerLogin: round(platformCpuMs(login.observation) / Math.max(1, login.outcome.signedIn)),
      },
      floor: { kafkaPerSecond: Math.round(floor.kafkaPerSecond), pgCommitsPerSecond: Math.round(floor.pgCommitsPerSecond) },
      ratio: { e2eToKafka: ratio(outcome.perSecond, floor.kafkaPerSecond), e2eToPg: ratio(outcome.perSecond, floor.pgCommitsPerSecond) },
      activation: { perSecond: activation.outcome.perSecond, hashMs: activation.hashMs },
      loadAverage: this.loadAverage,
      machine: { cpus: cpus().length, node: process.versions.node, kafka: KAFKA_VERSION, postgres: await postgresVersion(this.context.postgresUrl) },
    };
    const setup: BenchSetup = {
      concurrency: this.context.options.concurrency,
      atRateCount: atRate.count,
      recordBytes: floor.recordBytes,
      kafkaMessages: KAFKA_FLOOR_MESSAGES,
      pgCommits: PG_FLOOR_COMMITS,
      pgConnections: PG_FLOOR_CONNECTIONS,
      activations: activation.people,
      activationConcurrency: ACTIVATION_CONCURRENCY,
      logins: login.outcome.signedIn,
      loginAccounts: login.accounts,
      loginConcurrency: LOGIN_CONCURRENCY,
    };

    heading('Results');
    log(`\n${resultsTable(results, setup)}\n`);
    log(`One registration cost ${full.records} Kafka records and ${full.transactions} Postgres transactions (full-speed phase, idle polls included):`);
    log(`Postgres transactions per registration by service: ${full.transactionsByService};`);
    log(`at the floors that alone allows at most ${Math.round(floor.kafkaPerSecond / full.records)}/s (Kafka) and ${Math.round(floor.pgCommitsPerSecond / full.transactions)}/s (Postgres).\n`);
    log(costTable(full.observation, outcome.delivered));
    log(`\n${observationsTable(full.observation)}`);
    log(`\n${full.hops instanceof Error ? `(no breakdown by hop: ${full.hops.message})` : hopsTable(full.observation.phase, full.hops)}`);
    log(`\n${costTable(activation.observation, Math.max(1, activation.outcome.activated), 'activation')}`);
    log(`\n${costTable(login.observation, Math.max(1, login.outcome.signedIn), 'sign-in')}`);
    if (scaleOut) log(`\n${scaleOutTable(scaleOut)}`);

    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    if (scaleOut) {
      const { latenciesMs: _one, ...one } = scaleOut.one;
      const { latenciesMs: _two, ...two } = scaleOut.two;
      writeFileSync(join(RESULTS_DIR, 'latest-scale-out.json'), `${JSON.stringify({ ...scaleOut, one, two }, null, 2)}\n`);
    }
    log(`\nwritten: ${join(RESULTS_DIR, 'latest.json')}${scaleOut ? ' and latest-scale-out.json' : ''}`);
    if (this.context.sink.duplicates > 0) log(`note: ${this.context.sink.duplicates} emails arrived twice (at-least-once delivery)`);
    for (const problem of this.problems) log(`PROBLEM: ${problem}`);
  }

  /** Runs a phase while measuring each process's CPU, each service's statements and Kafka requests, and the queues. */
  private async observe<T>(phase: string, work: () => Promise<T>): Promise<[T, PhaseObservation]> {
    const meter = new CpuMeter(() => this.processGroups());
    const countersBefore = await this.serviceCounters();
    await meter.start();
    this.probe.start();
    const result = await work();
    const cpu = await meter.stop();
    const backlogs = await this.probe.stop();
    const countersAfter = await this.serviceCounters();
    const counters = Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, counterGrowth(countersBefore[name], countersAfter[name])]),
    ) as Record<ServiceName, ServiceCounters>;
    return [result, { phase, cpu, backlogs, counters }];
  }

  /** Counted by the first instance of each service (the second one of a scale-out is not). */
  private async serviceCounters(): Promise<Record<ServiceName, ServiceCounters>> {
    const { services } = this.context.system;
    const read = await Promise.all(SERVICE_NAMES.map((name) => readServiceCounters(services[name].url)));
    return Object.fromEntries(SERVICE_NAMES.map((name, index) => [name, read[index]])) as Record<ServiceName, ServiceCounters>;
  }

  private async processGroups(): Promise<Record<string, number[]>> {
    const { system, postgresUrl, databasePrefix } = this.context;
    const groups: Record<string, number[]> = {};
    for (const name of SERVICE_NAMES) {
      groups[name] = [system.services[name], ...this.extraInstances.filter((instance) => instance.name === name)].map((service) => service.process.pid!);
    }
    groups[KAFKA_GROUP] = this.kafkaPid ? [this.kafkaPid] : [];
    groups[POSTGRES_GROUP] = await backendPidsOf(postgresUrl, databasePrefix);
    groups['bench itself (clients, SMTP sink, probe)'] = [process.pid];
    return groups;
  }

  private check(phase: string, outcome: EndToEndOutcome): void {
    if (outcome.refused > 0) this.problems.push(`${phase}: intake refused ${outcome.refused} registrations (first: ${outcome.firstError})`);
    if (outcome.missing > 0) this.problems.push(`${phase}: ${outcome.missing} accepted registrations got no activation email`);
  }
}

/** CPU time of the platform's own processes (services, broker, Postgres backends): not the bench's, nor the rest of the machine's. */
function platformCpuMs(observation: PhaseObservation): number {
  const platform = new Set<string>([...SERVICE_NAMES, KAFKA_GROUP, POSTGRES_GROUP]);
  return observation.cpu.filter((share) => platform.has(share.label)).reduce((total, share) => total + share.ms, 0);
}

async function postgresVersion(serverUrl: string): Promise<string> {
  const { rows } = await query<{ server_version: string }>(serverUrl, 'SHOW server_version', []);
  return rows[0].server_version.split(' ')[0];
}

async function query<R extends object>(serverUrl: string, sql: string, values: unknown[]): Promise<{ rows: R[] }> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query<R>(sql, values);
  } finally {
    await client.end();
  }
}
