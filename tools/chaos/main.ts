import { mintStaffToken } from '@client-gate/platform';
import { Topic } from '@client-gate/contracts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { SmtpSink } from '../bench/smtp-sink';
import { terminateBackendsOf } from '../infra/postgres';
import { kafkaFor, readDeadLetters } from '../ops/kafka-ops';
import { launchSystem, RunningSystem } from '../system/launch';
import { generateSecrets } from '../system/secrets';
import { REPO_ROOT, SERVICE_NAMES } from '../system/services';
import { ClusterNode } from '../kafka/cluster';
import { clusterView, parseServiceLog, printClusterView, WallWindow } from './cluster-view';
import { PrivatePostgres, startPrivatePostgres } from './private-postgres';
import { buildReport, DecisionProgress, FaultWindow, Outcome, printReport, Report, resumedAt, verdict } from './report';

/**
 * `npm run chaos [-- --count N]` (SPEC §9): drives N registrations from intake's HTTP API to their
 * activation emails while it kill -9s each service in turn, restarts the broker, freezes it (SIGSTOP 30 s),
 * and, on a Postgres cluster of its own (never the machine's, which others share), restarts it, freezes every
 * process of it for 30 s, and hangs intake's open connections for good (their backends stopped, new connections
 * working). With --terminate-connections it uses the machine's Postgres and only terminates its databases'
 * connections. Then it checks that every application reached a final state and every person got exactly one
 * activation email, and prints, per fault, the registrations in flight while it lasted, what of them was lost or
 * doubled, and how long after it the pipeline moved again (an email sent and a verdict applied by intake, both after it).
 *
 * With --brokers 3 the broker runs as a cluster of three nodes (tools/kafka/cluster.ts) and the broker's faults are a
 * cluster's: kill -9 of the node leading the most partitions, left down for the rest of the run; later a restart of
 * another; a freeze (SIGSTOP 30 s) of the third. It also prints, per fault, how long the services' publishing was
 * held up and their consumers out of their group, from their own logs. --port-offset K moves every port it uses.
 *
 * Exit status 0 only when nothing was lost, every application is final, no email was doubled except the
 * same notification sent again after a crash, those re-sends stay under 0.5% of the registrations, every
 * fault struck while registrations were in flight, and the pipeline moved again within 60 s of every fault.
 */
const EMAIL_TYPE = 'activation-code';
const MACHINE_POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The private cluster's port: below Linux's ephemeral range, away from the machine's 5432. */
const PRIVATE_POSTGRES_PORT = 15433;
const FREEZE_MS = 30_000;

interface Options {
  count: number;
  concurrency: number;
  /** 1: one broker (restart, freeze); more: a cluster (a node lost for good, another restarted, a third frozen) */
  brokers: number;
  /** added to every port: runs beside another chaos run */
  portOffset: number;
  /** Use the machine's Postgres (others may be using it) and only kill our backends, instead of a private cluster's faults. */
  terminateConnections: boolean;
}

interface Person {
  index: number;
  email: string;
  /** performance.now() of the first request */
  startedAt?: number;
  attempts: number;
}

interface Fault {
  name: string;
  inject: () => Promise<void>;
  /** when it is injected: this share of the registrations submitted */
  atShare: number;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);
// Its own databases per offset: on the machine's Postgres (--terminate-connections) two runs would share them.
const databasePrefix = (portOffset: number) => (portOffset ? `client_gate_chaos${portOffset}_` : 'client_gate_chaos_');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      // One crash of notifications may send again what its SMTP connections had accepted and not yet recorded (16 by
      // default, README "Where duplicates can still occur"): the 0.5 % limit holds that from 3,200 registrations on.
      count: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '16' },
      'terminate-connections': { type: 'boolean', default: false },
      brokers: { type: 'string', default: '1' },
      'port-offset': { type: 'string', default: '0' },
    },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const brokers = Number(values.brokers);
  const portOffset = Number(values['port-offset']);
  if (!Number.isInteger(count) || count < 1) throw new Error('--count takes a whole number');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency takes a whole number');
  if (brokers !== 1 && brokers !== 3) throw new Error('--brokers takes 1 or 3');
  if (!Number.isInteger(portOffset) || portOffset < 0 || portOffset > 9000) throw new Error('--port-offset takes a whole number from 0 to 9000');
  return { count, concurrency, brokers, portOffset, terminateConnections: values['terminate-connections'] };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const brokers = options.brokers > 1 ? `, ${options.brokers} Kafka nodes` : '';
  log(`chaos: ${options.count} registrations, ${options.concurrency} at a time, with faults${brokers}`);
  const port = (base: number) => base + options.portOffset;
  const secrets = generateSecrets();
  // Ctrl-C while the system starts: the private Postgres (pg_ctl detaches it) and the sink go with the run; the
  // services and the broker are children in the terminal's process group, which receive the same signal.
  const starting: { cluster?: PrivatePostgres; sink?: SmtpSink } = {};
  const interruptedWhileStarting = () => {
    log('\ninterrupted while starting: stopping…');
    void Promise.allSettled([starting.sink?.stop(), starting.cluster?.stop()]).finally(() => process.exit(130));
  };
  process.once('SIGINT', interruptedWhileStarting);
  process.once('SIGTERM', interruptedWhileStarting);
  const cluster = options.terminateConnections ? undefined : await startPrivatePostgres(port(PRIVATE_POSTGRES_PORT));
  starting.cluster = cluster;
  if (cluster) log(`… a private Postgres cluster at ${cluster.url}`);
  const sink = await SmtpSink.start(port(3525));
  starting.sink = sink;
  const logDir = join(REPO_ROOT, 'test-artifacts', options.portOffset ? `chaos-logs-${options.portOffset}` : 'chaos-logs');
  const system = await launchSystem({
    runtime: 'compiled',
    // Below Linux's ephemeral range (32768-60999), where a client connection could hold the port.
    kafkaPort: port(19092),
    // A cluster's nodes take consecutive ports: its controllers' start 100 above.
    kafkaControllerPort: port(options.brokers > 1 ? 19192 : 19093),
    kafkaNodes: options.brokers,
    kafkaDataDir: mkdtempSync(join(tmpdir(), 'client-gate-chaos-kafka-')),
    postgresUrl: cluster?.url ?? MACHINE_POSTGRES,
    databasePrefix: databasePrefix(options.portOffset),
    recreateDatabases: true,
    smtpUrl: sink.url,
    smtpPort: port(3525),
    mailWebPort: port(3580),
    servicePorts: { intake: port(23001), registry: port(23002), activation: port(23003), notifications: port(23004) },
    secrets,
    logDir,
    logLevel: process.env['LOG_LEVEL'] ?? 'warn',
    progress: (line) => log(`… ${line}`),
  }).catch(async (error: unknown) => {
    await sink.stop();
    await cluster?.stop();
    throw error;
  });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= (async () => {
    await system.stop();
    await sink.stop();
    await cluster?.stop();
  })());
  // Ctrl-C mid-run stops what the run started (services, broker, private Postgres) rather than orphaning it.
  const interrupted = () => {
    log('\ninterrupted: stopping…');
    void stop().finally(() => process.exit(130));
  };
  process.off('SIGINT', interruptedWhileStarting);
  process.off('SIGTERM', interruptedWhileStarting);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const code = await run(system, sink, secrets.STAFF_TOKEN_SECRET, options, cluster).finally(stop);
  log(`wall time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code);
}

/** Registers everyone while the faults strike, waits for the emails, reports; the exit status. */
async function run(system: RunningSystem, sink: SmtpSink, staffSecret: string, options: Options, cluster?: PrivatePostgres): Promise<number> {
  const runId = Date.now().toString(36);
  const people: Person[] = Array.from({ length: options.count }, (_, index) => ({ index, email: `chaos-${runId}-${index}@example.org`, attempts: 0 }));
  const intake = new IntakeClient(system.services.intake.url, staffSecret, runId);

  const started = performance.now();
  const decisions = new DecisionSampler(system.databases.intake);
  const runStartedAt = Date.now();
  // Each fault waits until the pipeline moved again after the one before (as the report judges it), at most 3 minutes,
  // so that each recovery is measured alone: a broker freeze striking as the broker restart ended added its 30 s to
  // the restart's, and on a cluster faults on one node after another would stack.
  const settle = (endedAt: number) => movingAgainAfter(sink, people, decisions, endedAt, 180_000);
  const windows = await registerWhileFaultsStrike(intake, people, faultsFor(system, databasePrefix(options.portOffset), cluster), options.concurrency, settle);
  log(`all ${options.count} submitted in ${((performance.now() - started) / 1000).toFixed(1)} s; waiting for every email…`);
  await waitForEmails(sink, people, Math.max(120_000, options.count * 200));
  // Intake applies the verdicts apart from the emails' path: the last may come after the last email.
  await decisions.waitForNoneUndecided(120_000);
  await decisions.stop();

  const report = await analyse(system, sink, people, windows, decisions.rises);
  printReport(report, log);
  if (system.kafkaCluster) printClusterView(clusterViewOf(system, windows, runStartedAt), SERVICE_NAMES, log);
  return verdict(report, log);
}

/** The faults' windows on the wall clock (the services' logs), and what each service logged of them. */
function clusterViewOf(system: RunningSystem, windows: FaultWindow[], runStartedAt: number) {
  const toWall = performance.timeOrigin;
  const wall: WallWindow[] = windows.map((window) => ({ name: window.name, startedAt: toWall + window.startedAt, endedAt: toWall + window.endedAt }));
  const entries = SERVICE_NAMES.flatMap((name) => parseServiceLog(name, readFileSync(system.services[name].logFile, 'utf8'), runStartedAt));
  return clusterView(wall, entries, SERVICE_NAMES);
}

/**
 * In order, each when its share of the registrations has been submitted. A fault lasts until it is over (a
 * killed service ready again, a restart done, a freeze thawed); recovery is judged by progress, not readiness
 * (the report's "moving again").
 */
function faultsFor(system: RunningSystem, prefix: string, cluster?: PrivatePostgres): Fault[] {
  const faults: Omit<Fault, 'atShare'>[] = [
    { name: 'kill -9 intake', inject: () => system.killAndRestart('intake') },
    { name: 'kill -9 registry', inject: () => system.killAndRestart('registry') },
    { name: 'kill -9 activation', inject: () => system.killAndRestart('activation') },
    { name: 'kill -9 notifications', inject: () => system.killAndRestart('notifications') },
    ...(system.kafkaCluster ? clusterFaults(system) : [
      { name: 'restart broker', inject: () => system.restartBroker() },
      { name: `freeze broker ${FREEZE_MS / 1000} s`, inject: () => freezeProcess(system.brokerPid(), FREEZE_MS) },
    ]),
    ...(cluster
      ? [
          { name: 'restart Postgres', inject: () => cluster.restart() },
          { name: `freeze Postgres ${FREEZE_MS / 1000} s`, inject: () => cluster.freeze(FREEZE_MS) },
          {
            name: "hang intake's open connections",
            inject: async () => {
              log(`    ${await cluster.hangConnectionsOf(system.databases.intake.split('/').pop()!)} idle backends stopped for good`);
            },
          },
        ]
      // On the machine's Postgres, which others share: only this run's databases' backends.
      : [{ name: 'terminate Postgres connections', inject: () => terminateBackendsOf(MACHINE_POSTGRES, prefix) }]),
  ];
  return faults.map((fault, index) => ({ ...fault, atShare: (index + 1) / (faults.length + 1) }));
}

/**
 * A cluster's faults, one node each: the one leading the most partitions of the system's topics killed (kill -9) and
 * left down for good; later another one restarted; then the third frozen. The nodes are chosen when each strikes.
 */
function clusterFaults(system: RunningSystem): Omit<Fault, 'atShare'>[] {
  const { nodes } = system.kafkaCluster!;
  const struck = new Set<ClusterNode>();
  const next = () => nodes.find((node) => !struck.has(node))!;
  let lost: ClusterNode | undefined;
  return [
    {
      name: 'kill -9 the broker leading most partitions (for good)',
      inject: async () => {
        lost = await leaderOfMostPartitions(system);
        struck.add(lost);
        log(`    node ${lost.nodeId} (${lost.address}) killed, left down`);
        await lost.kill();
      },
    },
    {
      name: 'restart another broker',
      inject: async () => {
        const node = next();
        struck.add(node);
        log(`    node ${node.nodeId} (${node.address}) restarting`);
        await node.stop();
        await node.start();
      },
    },
    {
      name: `freeze a third broker ${FREEZE_MS / 1000} s`,
      inject: async () => {
        const node = next();
        struck.add(node);
        log(`    node ${node.nodeId} (${node.address}) frozen`);
        await freezeProcess(node.pid(), FREEZE_MS);
      },
    },
  ];
}

/** The running node leading the most partitions of the system's topics, as the cluster's metadata says now. */
async function leaderOfMostPartitions(system: RunningSystem): Promise<ClusterNode> {
  const running = system.kafkaCluster!.nodes.filter((node) => node.running());
  const admin = kafkaFor(running.map((node) => node.address)).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: Object.values(Topic) });
    const led = new Map<number, number>();
    for (const { partitions } of topics) for (const { leader } of partitions) led.set(leader, (led.get(leader) ?? 0) + 1);
    log(`    partitions led: ${[...led].map(([node, count]) => `node ${node}: ${count}`).join(', ')}`);
    return running.reduce((most, node) => ((led.get(node.nodeId) ?? 0) > (led.get(most.nodeId) ?? 0) ? node : most));
  } finally {
    await admin.disconnect();
  }
}

/** SIGSTOP, wait, SIGCONT: a paused machine or a hung network (sockets stay open, nothing errors at once). */
async function freezeProcess(pid: number | undefined, ms: number): Promise<void> {
  if (!pid) throw new Error('the broker was given (KAFKA_BROKERS), not started here: it cannot be frozen');
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/**
 * `concurrency` workers submit everyone while the faults are injected one after the other; when each fault lasted.
 * A fault strikes when its share has been submitted. Submissions go on while it lasts, but only halfway to the
 * next fault's share until it has ended: otherwise a fast system would have submitted (and emailed) everyone
 * before the last faults, which then strike an idle system.
 */
async function registerWhileFaultsStrike(
  intake: IntakeClient,
  people: Person[],
  faults: Fault[],
  concurrency: number,
  settle: (endedAt: number) => Promise<void>,
): Promise<FaultWindow[]> {
  const thresholds = faults.map((fault) => Math.ceil(fault.atShare * people.length));
  const halfwayAfter = (index: number) => Math.ceil((thresholds[index] + (thresholds[index + 1] ?? people.length)) / 2);
  let submitted = 0;
  let submitBelow = halfwayAfter(0);
  const queue = [...people];
  const workers = Array.from({ length: concurrency }, async () => {
    for (let person = queue.shift(); person; person = queue.shift()) {
      while (person.index >= submitBelow) await sleep(20);
      await intake.register(person);
      submitted++;
    }
  });
  const windows: FaultWindow[] = [];
  const injector = (async () => {
    for (const [index, fault] of faults.entries()) {
      while (submitted < thresholds[index]) await sleep(20);
      log(`  ⚡ ${fault.name} at ${submitted}/${people.length}`);
      const startedAt = performance.now();
      await fault.inject();
      const endedAt = performance.now();
      windows.push({ name: fault.name, startedAt, endedAt });
      submitBelow = index + 1 < faults.length ? halfwayAfter(index + 1) : people.length;
      await settle(endedAt);
    }
  })();
  const progress = setInterval(() => log(`  submitted ${submitted}/${people.length}`), 5_000);
  await Promise.all([...workers, injector]).finally(() => clearInterval(progress));
  return windows;
}

/** Until the pipeline moved again after `endedAt`, as the report judges it (resumedAt), or `timeoutMs` passed. */
async function movingAgainAfter(sink: SmtpSink, people: Person[], decisions: DecisionSampler, endedAt: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const emailTimes = () => people.flatMap((person) => sink.arrival(person.email, EMAIL_TYPE)?.arrivedAt ?? []);
  while (performance.now() < deadline && resumedAt(endedAt, emailTimes(), decisions.rises) === undefined) await sleep(250);
}

async function waitForEmails(sink: SmtpSink, people: Person[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const received = people.filter((person) => sink.arrival(person.email, EMAIL_TYPE)).length;
    if (received === people.length || performance.now() > deadline) return;
    log(`  emails ${received}/${people.length}`);
    await sleep(2_000);
  }
}

/**
 * Counts intake's decided applications every second, on a fresh connection with short limits so that a frozen or
 * restarting Postgres only costs samples: the rises tell when intake was applying verdicts.
 */
class DecisionSampler {
  readonly rises: DecisionProgress[] = [];
  private last?: { at: number; decided: number; undecided: number };
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly url: string) {
    this.loop = this.sampleEverySecond();
  }

  async waitForNoneUndecided(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while ((this.last?.undecided ?? 1) > 0 && performance.now() < deadline) {
      log(`  applications not yet decided: ${this.last?.undecided ?? '?'}`);
      await sleep(2_000);
    }
  }

  stop(): Promise<void> {
    this.running = false;
    return this.loop;
  }

  private async sampleEverySecond(): Promise<void> {
    while (this.running) {
      const next = sleep(1_000);
      const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 2_000, query_timeout: 2_000 });
      // A restart terminates the connection whenever it is open, between queries too: an error event, not a crash.
      client.on('error', () => undefined);
      try {
        await client.connect();
        const { rows } = await client.query(`SELECT count(*) FILTER (WHERE status <> 'submitted')::int AS decided, count(*) FILTER (WHERE status = 'submitted')::int AS undecided FROM application`);
        const sample = { at: performance.now(), decided: Number(rows[0].decided), undecided: Number(rows[0].undecided) };
        if (this.last && sample.decided > this.last.decided) this.rises.push({ previousAt: this.last.at, at: sample.at });
        this.last = sample;
      } catch {
        // The database is down, frozen or hung for this sample: the next one tells.
      } finally {
        void client.end().catch(() => undefined);
      }
      await next;
    }
  }
}

/** What became of everyone, and of the registrations in flight during each fault. */
async function analyse(system: RunningSystem, sink: SmtpSink, people: Person[], windows: FaultWindow[], decisions: DecisionProgress[]): Promise<Report> {
  const rows = await query(system.databases.intake, `SELECT status, count(*)::int AS n FROM application GROUP BY status`);
  const outcomes: Outcome[] = people.map((person) => {
    const first = sink.arrival(person.email, EMAIL_TYPE);
    return { startedAt: person.startedAt!, emailAt: first?.arrivedAt, firstNotificationId: first?.notificationId, repeats: sink.repeats(person.email, EMAIL_TYPE) };
  });
  const deadLettered = (await readDeadLetters(kafkaFor(system.kafkaBrokers.split(',')))).length;
  return buildReport(outcomes, windows, decisions, Object.fromEntries(rows.map((row) => [String(row['status']), Number(row['n'])])), deadLettered);
}

/** Intake's staff API, retried through outages; an appointment makes the retry safe (R4). */
class IntakeClient {
  constructor(
    private readonly url: string,
    private readonly staffSecret: string,
    private readonly runId: string,
  ) {}

  async register(person: Person): Promise<void> {
    person.startedAt = performance.now();
    let appointmentId: string | undefined;
    for (;;) {
      person.attempts++;
      try {
        appointmentId ??= await this.book(person);
        await this.apply(person, appointmentId);
        return;
      } catch {
        await sleep(Math.min(200 * person.attempts, 2_000));
      }
    }
  }

  private async book(person: Person): Promise<string> {
    const appointment = await this.post('/appointments', { channel: 'email', contact: person.email, applicantName: `Chaos ${person.index}`, startsAt: new Date().toISOString() });
    if (appointment.status !== 201) throw new Error(`appointment ${appointment.status}`);
    return appointment.body['id'];
  }

  private async apply(person: Person, appointmentId: string): Promise<void> {
    const application = await this.post('/applications', {
      appointmentId,
      kind: 'register',
      person: { familyName: `Chaos-${this.runId}`, givenNames: `Person ${person.index}`, dateOfBirth: '1985-06-15', placeOfBirth: 'Budapest', mothersBirthName: 'Teszt Anna' },
      citizenship: 'HU',
      document: { type: 'passport', number: `CH${person.index}`, issuingCountry: 'HU', issuedOn: '2020-01-01', expiresOn: '2030-01-01' },
      email: person.email,
      locale: 'hu',
    });
    // APPOINTMENT_ALREADY_USED after a lost answer means the first try was accepted.
    const acceptedBefore = application.status === 422 && application.body['errors']?.[0]?.code === 'APPOINTMENT_ALREADY_USED';
    if (application.status !== 202 && !acceptedBefore) throw new Error(`application ${application.status}`);
  }

  private async post(path: string, body: unknown) {
    const token = mintStaffToken(this.staffSecret, { officer: 'chaos', consulate: 'HU-CHAOS' }, new Date());
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, any> };
  }
}

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`chaos failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
