import { mintStaffToken } from '@client-gate/platform';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { ensureDatabases } from '../infra/postgres';
import { KAFKA_VERSION } from '../kafka/broker';
import { kafkaFor } from '../ops/kafka-ops';
import { RunningSystem } from '../system/launch';
import { REPO_ROOT, RunningService, SERVICE_NAMES } from '../system/services';
import { argon2HashMs, driveActivations } from './activations';
import { CpuMeter, findProcess } from './cpu-meter';
import { EndToEndOutcome, runAtRate, runFullSpeed } from './end-to-end';
import { kafkaFloor, pgCommitFloor, recordSize, sampleApplicationSubmitted } from './floor';
import { readFootprint } from './footprint';
import { latencyByHop } from './hops';
import { BenchOptions } from './options';
import { PipelineProbe } from './pipeline-probe';
import { IntakeClient, newRegistrations } from './registrations';
import { BenchResults, BenchSetup, hopsTable, observationsTable, PhaseObservation, ratio, resultsTable, ScaleOut, scaleOutTable } from './report';
import { addInstance, slowestService } from './scale-out';
import { SmtpSink } from './smtp-sink';
import { round, summarise } from './stats';

const WARM_UP = 300;
const AT_RATE_SECONDS = 5;
const ACTIVATIONS = 100;
const ACTIVATION_CONCURRENCY = 8;
const HASH_SAMPLES = 10;
const KAFKA_FLOOR_MESSAGES = 30_000;
const PG_FLOOR_COMMITS = 5_000;
// One per service: each commits one event at a time from its consumer, the way the floor does.
const PG_FLOOR_CONNECTIONS = 4;
// Backends report their commit counts to pg_stat_database at most once a second.
const STATS_SETTLE_MS = 2_000;
const SECOND_INSTANCE_PORT_OFFSET = 100;
const RESULTS_DIR = join(REPO_ROOT, 'benchmarks', 'results');

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
  const { system, sink, options } = context;
  const token = mintStaffToken(context.staffSecret, { officer: 'bench', consulate: 'HU-BENCH' }, new Date());
  const intake = new IntakeClient([system.services.intake.url], token);
  const brokers = system.kafkaBrokers.split(',');
  const kafka = kafkaFor(brokers);
  const databaseNames = SERVICE_NAMES.map((name) => `${context.databasePrefix}${name}`);
  const probe = new PipelineProbe(kafka, system.databases);
  context.onStop(() => probe.close());
  const extraInstances: RunningService[] = [];
  const kafkaPid = findProcess(`server-${context.kafkaPort}.properties`);
  const processGroups = async () => {
    const groups: Record<string, number[]> = {};
    for (const name of SERVICE_NAMES) {
      groups[name] = [system.services[name], ...extraInstances.filter((instance) => instance.name === name)].map((service) => service.process.pid!);
    }
    groups['kafka broker (JVM)'] = kafkaPid ? [kafkaPid] : [];
    groups['postgres backends of the bench databases'] = await backendPids(context.postgresUrl, context.databasePrefix);
    groups['bench itself (clients, SMTP sink, probe)'] = [process.pid];
    return groups;
  };
  const observe = async <T>(phase: string, work: () => Promise<T>): Promise<[T, PhaseObservation]> => {
    const meter = new CpuMeter(processGroups);
    await meter.start();
    probe.start();
    const result = await work();
    const cpu = await meter.stop();
    const backlogs = await probe.stop();
    return [result, { phase, cpu, backlogs }];
  };
  const problems: string[] = [];
  const check = (phase: string, outcome: EndToEndOutcome) => {
    if (outcome.refused > 0) problems.push(`${phase}: intake refused ${outcome.refused} registrations (first: ${outcome.firstError})`);
    if (outcome.missing > 0) problems.push(`${phase}: ${outcome.missing} accepted registrations got no activation email`);
  };

  // The JITs (V8 in each service, HotSpot in the broker) and the connection pools settle first, so that
  // the figures describe the steady state rather than a cold start.
  const warmUpCount = Math.min(WARM_UP, options.count);
  heading(`0. Warm-up: ${warmUpCount} registrations at full speed (not measured)`);
  check('warm-up', await runFullSpeed(intake, sink, newRegistrations('warm', warmUpCount), options.concurrency));

  heading(`1. End to end at full speed: ${options.count} registrations, ${options.concurrency} clients`);
  const people = newRegistrations('full', options.count);
  const before = await readFootprint(kafka, context.postgresUrl, databaseNames);
  const [full, fullObservation] = await observe(`full speed (${options.count} registrations)`, () => runFullSpeed(intake, sink, people, options.concurrency));
  check('full speed', full);
  if (full.delivered === 0) throw new Error(`no registration got through: ${full.firstError ?? 'no activation email arrived'}`);
  await sleep(STATS_SETTLE_MS);
  const after = await readFootprint(kafka, context.postgresUrl, databaseNames);
  const hops = await latencyByHop(system.databases, sink, people).catch((error: Error) => error);
  const perRegistration = {
    messages: round((after.messages - before.messages) / full.delivered),
    commits: round((after.commits - before.commits) / full.delivered),
    commitsByService: SERVICE_NAMES.map((name, index) => {
      const database = databaseNames[index];
      return `${name} ${round(((after.commitsByDatabase[database] ?? 0) - (before.commitsByDatabase[database] ?? 0)) / full.delivered)}`;
    }).join(', '),
  };

  const atRateCount = Math.min(options.count, options.rate * AT_RATE_SECONDS);
  heading(`2. At a fixed rate: ${atRateCount} registrations at ${options.rate}/s (open loop)`);
  const atRate = await runAtRate(intake, sink, newRegistrations('rate', atRateCount), options.rate, options.concurrency);
  check('fixed rate', atRate);
  log(`  the bench sent its submissions at most ${atRate.maxSendLagMs} ms behind schedule`);

  heading(`3. Activations: ${ACTIVATIONS} clients, ${ACTIVATION_CONCURRENCY} at a time`);
  const activated = people.filter((person) => sink.arrival(person.email, 'activation-code')).slice(0, ACTIVATIONS);
  const activation = await driveActivations(system.services.activation.url, sink, activated, ACTIVATION_CONCURRENCY);
  if (activation.failed > 0) problems.push(`activations: ${activation.failed} failed (first: ${activation.firstError})`);
  const hashMs = await argon2HashMs(HASH_SAMPLES);
  log(`  argon2id: ${hashMs} ms per hash`);

  heading('4. Floor of the machine');
  const record = sampleApplicationSubmitted();
  const kafkaPerSecond = await kafkaFloor(brokers, record, KAFKA_FLOOR_MESSAGES);
  const floorDatabase = `${context.databasePrefix}floor`;
  const floorUrl = (await ensureDatabases(context.postgresUrl, [floorDatabase], { recreate: true }))[floorDatabase];
  const pgCommitsPerSecond = await pgCommitFloor(floorUrl, record, PG_FLOOR_COMMITS, PG_FLOOR_CONNECTIONS);

  let scaleOut: ScaleOut | undefined;
  if (options.scaleOut) {
    const { service, why } = slowestService(hops, fullObservation);
    heading(`5. Scale-out: full speed again with two instances of ${service}`);
    const port = Number(new URL(system.services[service].url).port) + SECOND_INSTANCE_PORT_OFFSET;
    const instance = await addInstance(system, kafka, service, port, join(context.logDir, 'second-instance'));
    extraInstances.push(instance);
    context.onStop(() => instance.stop());
    const scaled = newRegistrations('scale', options.count);
    const urls = service === 'intake' ? [system.services.intake.url, instance.url] : [system.services.intake.url];
    const [two, twoObservation] = await observe(`full speed with two ${service} (${options.count} registrations)`, () =>
      runFullSpeed(new IntakeClient(urls, token), sink, scaled, options.concurrency),
    );
    check('scale-out', two);
    const scaledHops = await latencyByHop(system.databases, sink, scaled).catch((error: Error) => error);
    await instance.stop();
    scaleOut = { service, why, one: { ...full, ...summarise(full.latenciesMs) }, two: { ...two, ...summarise(two.latenciesMs) } };
    log(`\n${observationsTable(twoObservation)}`);
    if (!(scaledHops instanceof Error)) log(`\n${hopsTable(twoObservation.phase, scaledHops)}`);
  }

  const results: BenchResults = {
    e2e: { count: full.delivered, seconds: full.seconds, perSecond: full.perSecond, ...summarise(full.latenciesMs) },
    atRate: { rate: options.rate, ...summarise(atRate.latenciesMs) },
    floor: { kafkaPerSecond: Math.round(kafkaPerSecond), pgCommitsPerSecond: Math.round(pgCommitsPerSecond) },
    ratio: { e2eToKafka: ratio(full.perSecond, kafkaPerSecond), e2eToPg: ratio(full.perSecond, pgCommitsPerSecond) },
    activation: { perSecond: activation.perSecond, hashMs },
    machine: { cpus: cpus().length, node: process.versions.node, kafka: KAFKA_VERSION, postgres: await postgresVersion(context.postgresUrl) },
  };
  const setup: BenchSetup = {
    concurrency: options.concurrency,
    atRateCount,
    recordBytes: recordSize(record),
    kafkaMessages: KAFKA_FLOOR_MESSAGES,
    pgCommits: PG_FLOOR_COMMITS,
    pgConnections: PG_FLOOR_CONNECTIONS,
    activations: activated.length,
    activationConcurrency: ACTIVATION_CONCURRENCY,
  };

  heading('Results');
  log(`\n${resultsTable(results, setup)}\n`);
  log(`One registration cost ${perRegistration.messages} Kafka records and ${perRegistration.commits} Postgres transactions (full-speed phase, idle polls included):`);
  log(`Postgres transactions per registration by service: ${perRegistration.commitsByService};`);
  log(`at the floors that alone allows at most ${Math.round(kafkaPerSecond / perRegistration.messages)}/s (Kafka) and ${Math.round(pgCommitsPerSecond / perRegistration.commits)}/s (Postgres).\n`);
  log(observationsTable(fullObservation));
  log(`\n${hops instanceof Error ? `(no breakdown by hop: ${hops.message})` : hopsTable(fullObservation.phase, hops)}`);
  if (scaleOut) log(`\n${scaleOutTable(scaleOut)}`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (scaleOut) {
    const { latenciesMs: _one, ...one } = scaleOut.one;
    const { latenciesMs: _two, ...two } = scaleOut.two;
    writeFileSync(join(RESULTS_DIR, 'latest-scale-out.json'), `${JSON.stringify({ ...scaleOut, one, two }, null, 2)}\n`);
  }
  log(`\nwritten: ${join(RESULTS_DIR, 'latest.json')}${scaleOut ? ' and latest-scale-out.json' : ''}`);
  if (sink.duplicates > 0) log(`note: ${sink.duplicates} emails arrived twice (at-least-once delivery)`);
  for (const problem of problems) log(`PROBLEM: ${problem}`);
  return problems.length === 0;
}

async function backendPids(serverUrl: string, databasePrefix: string): Promise<number[]> {
  const { rows } = await query<{ pid: number }>(serverUrl, 'SELECT pid FROM pg_stat_activity WHERE datname LIKE $1', [`${databasePrefix}%`]);
  return rows.map((row) => row.pid);
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
