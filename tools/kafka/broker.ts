/**
 * Local Apache Kafka 4.3.1 (KRaft, combined broker+controller nodes) run straight from Maven Central jars on the
 * machine's Java 17+. No Docker needed. One node by default; `cluster.ts` starts several as one cluster.
 *
 * `startBroker` goes through these steps, each a function below or in a file beside this one:
 * 1. find Java and the jars (`classpath.ts`: Maven resolves them into ~/.m2 once; the classpath is cached);
 * 2. check that both ports are free;
 * 3. write the server config and format the storage once (`kafka.tools.StorageTool format --standalone`);
 * 4. spawn the JVM, tied to this process (`jvm-process.ts`);
 * 5. wait until it serves clients (`readiness.ts`): the port opens, then kafkajs can describe the
 *    cluster, create+delete a probe topic and reach the group coordinator. If the JVM exits first,
 *    fail at once with this run's errors from its logs.
 *
 * Used by `npm start` and the Jest global setup of the e2e tests; `tools/kafka/cli.ts` wraps it.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { KAFKA_VERSION, LOCAL_DIR, REPO_ROOT, requireJava, resolveKafkaClasspath, runCapture, tail } from './classpath';
import { JvmProcess, spawnJvm } from './jvm-process';
import { ReadinessWait, waitForPort, waitUntilServing } from './readiness';

export { KAFKA_VERSION, REPO_ROOT, resolveKafkaClasspath };

const LOG4J2_CONFIG = path.join(REPO_ROOT, 'tools', 'kafka', 'log4j2.xml');
const DEFAULT_DATA_DIR = path.join(LOCAL_DIR, 'data');

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const DEFAULT_HEAP_OPTS = ['-Xms128m', '-Xmx512m'];

export interface StartBrokerOptions {
  /** client (PLAINTEXT) port, default 9092 */
  port?: number;
  /** KRaft controller port, default 9093 */
  controllerPort?: number;
  /** Kafka log.dirs; persists across runs. Default <repo>/.local/kafka/data */
  dataDir?: string;
  /** The JVM's heap and compiler flags (default -Xms128m -Xmx512m; KAFKA_HEAP_OPTS replaces them). */
  heapOpts?: string[];
  /** where server.log (log4j2) and kafka.out (JVM stdout/stderr) go. Default <repo>/.local/kafka/logs/<port> */
  logDir?: string;
  /** This node's place in a cluster of several (`cluster.ts`); without it, a cluster of one. */
  cluster?: ClusterMembership;
  /** How long to wait until it serves clients; default 60 s. */
  readyTimeoutMs?: number;
}

/** A node of a cluster of combined controller+broker nodes with a static controller quorum. */
export interface ClusterMembership {
  nodeId: number;
  /** Every node of the cluster (each is a controller): its id and controller port. */
  voters: Array<{ nodeId: number; controllerPort: number }>;
  /** The same on every node: storage is formatted with it. */
  clusterId: string;
}

export interface BrokerHandle {
  /** bootstrap address, e.g. '127.0.0.1:9092' */
  brokers: string;
  /** SIGTERM, wait for exit, SIGKILL after 15 s. Idempotent. */
  stop(): Promise<void>;
  /** pid of the broker JVM */
  pid: number;
  /** settles when the JVM exits, for whatever reason (stop() or a crash) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  dataDir: string;
  logDir: string;
  /** <logDir>/server.log */
  logFile: string;
  configFile: string;
  /** where the startup time went, in ms: mvn/classpath, storage format, JVM until the port opens, until ready */
  startupMs: { classpath: number; format: number; listen: number; ready: number; total: number };
}

/** Where one broker listens and keeps its files. */
interface BrokerLayout {
  port: number;
  controllerPort: number;
  brokers: string;
  dataDir: string;
  logDir: string;
  /** log4j2's server.log */
  logFile: string;
  /** the JVM's stdout and stderr */
  outFile: string;
  configFile: string;
  cluster?: ClusterMembership;
  readyTimeoutMs: number;
}

/** Where this run's part of the appended logs begins. */
interface LogMarks {
  log: number;
  out: number;
}

/** Kafka exited or could not be spawned while starting; its message already holds the logs. */
class StartupFailure extends Error {}

/**
 * Starts a single-node KRaft Kafka (broker+controller) on 127.0.0.1 and resolves once it really
 * serves clients. Rejects fast, with the tail of the broker log, if the JVM exits early or a port
 * is taken. The JVM is stopped when this process exits or gets SIGINT/SIGTERM/SIGHUP.
 */
export async function startBroker(opts: StartBrokerOptions = {}): Promise<BrokerHandle> {
  const layout = brokerLayout(opts);
  const t0 = Date.now();
  const java = requireJava();
  const cp = await resolveKafkaClasspath();
  const tClasspath = Date.now();

  await assertPortsFree(layout);
  await writeConfigAndFormatStorage(java, cp, layout);
  const tFormat = Date.now();

  const marks = markStartOfRun(layout);
  const jvm = spawnJvm(java, [...jvmArgs(layout.logDir, opts.heapOpts), '-cp', cp, 'kafka.Kafka', layout.configFile], {
    cwd: REPO_ROOT,
    outFile: layout.outFile,
  });
  const tListen = await waitUntilReady(layout, jvm, marks);

  return {
    brokers: layout.brokers,
    pid: jvm.pid,
    stop: () => jvm.stop(),
    exited: jvm.exited,
    dataDir: layout.dataDir,
    logDir: layout.logDir,
    logFile: layout.logFile,
    configFile: layout.configFile,
    startupMs: {
      classpath: tClasspath - t0,
      format: tFormat - tClasspath,
      listen: tListen - tFormat,
      ready: Date.now() - tListen,
      total: Date.now() - t0,
    },
  };
}

function brokerLayout(opts: StartBrokerOptions): BrokerLayout {
  const port = opts.port ?? 9092;
  const controllerPort = opts.controllerPort ?? 9093;
  if (port === controllerPort) throw new Error(`port and controllerPort must differ (both ${port})`);
  const logDir = path.resolve(opts.logDir ?? path.join(LOCAL_DIR, 'logs', String(port)));
  return {
    port,
    controllerPort,
    brokers: `${HOST}:${port}`,
    dataDir: path.resolve(opts.dataDir ?? DEFAULT_DATA_DIR),
    logDir,
    logFile: path.join(logDir, 'server.log'),
    outFile: path.join(logDir, 'kafka.out'),
    configFile: path.join(LOCAL_DIR, 'config', `server-${port}.properties`),
    cluster: opts.cluster,
    readyTimeoutMs: opts.readyTimeoutMs ?? READY_TIMEOUT_MS,
  };
}

async function assertPortsFree(layout: BrokerLayout): Promise<void> {
  for (const p of [layout.port, layout.controllerPort]) {
    if (await portInUse(p)) {
      throw new Error(
        `Cannot start Kafka: port ${p} on ${HOST} is already in use. Another broker is probably running ` +
          `(\`pgrep -af kafka.Kafka\`, or Kafka from \`docker compose up\`). Stop it, or start on other ports.`,
      );
    }
  }
}

async function writeConfigAndFormatStorage(java: string, cp: string, layout: BrokerLayout): Promise<void> {
  fs.mkdirSync(layout.logDir, { recursive: true });
  fs.mkdirSync(path.dirname(layout.configFile), { recursive: true });
  fs.writeFileSync(layout.configFile, serverProperties(layout));
  await formatStorageIfNeeded(java, cp, layout);
}

/** Notes where this run's logs begin, and heads the JVM output with a line naming the run. */
function markStartOfRun(layout: BrokerLayout): LogMarks {
  const log = fileSize(layout.logFile);
  fs.appendFileSync(
    layout.outFile,
    `\n==== ${new Date().toISOString()} starting Kafka ${KAFKA_VERSION} on ${layout.brokers} (pid ${process.pid} parent) ====\n`,
  );
  return { log, out: fileSize(layout.outFile) };
}

/** Waits until the broker serves clients and returns when its port opened; stops the JVM if it never does. */
async function waitUntilReady(layout: BrokerLayout, jvm: JvmProcess, marks: LogMarks): Promise<number> {
  const wait: ReadinessWait = {
    brokers: layout.brokers,
    host: HOST,
    port: layout.port,
    deadline: Date.now() + layout.readyTimeoutMs,
    timeoutMs: layout.readyTimeoutMs,
    failed: () => startupFailure(layout, jvm, marks),
  };
  try {
    await waitForPort(wait);
    const tListen = Date.now();
    await waitUntilServing(wait);
    return tListen;
  } catch (e) {
    await jvm.stop();
    if (e instanceof Error && !(e instanceof StartupFailure)) e.message += `\n${runLog(layout, marks).report}`;
    throw e;
  }
}

function startupFailure(layout: BrokerLayout, jvm: JvmProcess, marks: LogMarks): StartupFailure | undefined {
  const problem = jvm.startupProblem();
  if (!problem) return undefined;
  if (problem.spawnError) return new StartupFailure(`Could not spawn ${jvm.java}: ${problem.spawnError.message}`);
  const { all, report } = runLog(layout, marks);
  return new StartupFailure(
    `Kafka exited during startup (code ${problem.exit?.code ?? null}, signal ${problem.exit?.signal ?? null}).` +
      `${diagnose(all, layout.port, layout.controllerPort)}\n${report}`,
  );
}

/** this run's ERROR/FATAL lines (each with the exception line after it), then the last lines of both logs */
function runLog(layout: BrokerLayout, marks: LogMarks): { all: string; report: string } {
  const out = readFrom(layout.outFile, marks.out);
  const log = readFrom(layout.logFile, marks.log, 1024 * 1024);
  const lines = log.split('\n');
  const errors: string[] = [];
  for (let i = 0; i < lines.length && errors.length < 8; i++) {
    if (!/^\[[^\]]+\] (ERROR|FATAL)/.test(lines[i]!)) continue;
    const next = lines[i + 1] ?? '';
    errors.push(next && !next.startsWith('[') ? `${lines[i]}\n    ${next.trim()}` : lines[i]!);
  }
  const parts = [
    errors.length ? `--- errors (${layout.logFile}) ---\n${errors.join('\n')}` : '',
    out.trim() ? `--- stdout/stderr (${layout.outFile}) ---\n${tail(out, 15)}` : '',
    log.trim() ? `--- last lines (${layout.logFile}) ---\n${tail(log, 15)}` : '',
  ];
  return { all: `${out}\n${log}`, report: parts.filter(Boolean).join('\n') };
}

// -- the server's configuration and storage ---------------------------------------------------

/**
 * Replication on a cluster of `nodes`: as KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS default in the services
 * (3 copies, or one per node when fewer; 2 in sync from 3), for the internal topics too: one copy of the group
 * coordinator's offsets would take every consumer group down with its broker.
 */
export function clusterReplication(nodes: number): { replicationFactor: number; minInsyncReplicas: number } {
  const replicationFactor = Math.min(3, nodes);
  return { replicationFactor, minInsyncReplicas: replicationFactor >= 3 ? 2 : 1 };
}

function serverProperties(o: { port: number; controllerPort: number; dataDir: string; cluster?: ClusterMembership }): string {
  const { replicationFactor, minInsyncReplicas } = clusterReplication(o.cluster?.voters.length ?? 1);
  const quorum: Array<[string, string | number]> = o.cluster
    ? [
        ['node.id', o.cluster.nodeId],
        // A static quorum: every node is a voter, known from the start.
        ['controller.quorum.voters', o.cluster.voters.map((voter) => `${voter.nodeId}@${HOST}:${voter.controllerPort}`).join(',')],
      ]
    : [
        ['node.id', 1],
        ['controller.quorum.bootstrap.servers', `${HOST}:${o.controllerPort}`],
      ];
  const props: Array<[string, string | number | boolean]> = [
    // KRaft, combined nodes
    ['process.roles', 'broker,controller'],
    ...quorum,
    ['listeners', `PLAINTEXT://${HOST}:${o.port},CONTROLLER://${HOST}:${o.controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${HOST}:${o.port}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    ['log.dirs', o.dataDir],
    // topics
    ['num.partitions', 6],
    ['auto.create.topics.enable', false],
    ['delete.topic.enable', true],
    ['default.replication.factor', replicationFactor],
    ['min.insync.replicas', minInsyncReplicas],
    // every internal topic the same
    ['offsets.topic.replication.factor', replicationFactor],
    ['transaction.state.log.replication.factor', replicationFactor],
    ['transaction.state.log.min.isr', minInsyncReplicas],
    ['share.coordinator.state.topic.replication.factor', replicationFactor],
    ['share.coordinator.state.topic.min.isr', minInsyncReplicas],
    // only used with tiered storage (remote.log.storage.system.enable=true, off by default)
    ['rlmm.config.remote.log.metadata.topic.replication.factor', replicationFactor],
    ['rlmm.config.remote.log.metadata.topic.min.isr', minInsyncReplicas],
    // groups
    ['group.initial.rebalance.delay.ms', 0],
    // small footprint on a 2-core dev box / CI
    ['num.network.threads', 2],
    ['num.io.threads', 4],
    ['background.threads', 4],
    ['num.recovery.threads.per.data.dir', 2],
    ['log.cleaner.threads', 1],
    ['log.cleaner.dedupe.buffer.size', 16 * 1024 * 1024],
  ];
  return (
    `# generated by tools/kafka/broker.ts (Kafka ${KAFKA_VERSION}) on every start; edits are overwritten\n` +
    props.map(([k, v]) => `${k}=${String(v).replace(/\\/g, '\\\\')}`).join('\n') +
    '\n'
  );
}

function jvmArgs(logDir: string, heapOpts?: string[]): string[] {
  const heap = process.env.KAFKA_HEAP_OPTS?.trim() ? process.env.KAFKA_HEAP_OPTS.trim().split(/\s+/) : (heapOpts ?? DEFAULT_HEAP_OPTS);
  return [
    ...heap,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:+ExitOnOutOfMemoryError',
    '-Xss512k',
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${logDir}`,
    `-Dlog4j2.configurationFile=${LOG4J2_CONFIG}`,
    '-Dlog4j2.disable.jmx=true',
    // like Kafka's own scripts: extra JVM flags / system properties
    ...(process.env.KAFKA_OPTS?.trim() ? process.env.KAFKA_OPTS.trim().split(/\s+/) : []),
  ];
}

async function formatStorageIfNeeded(java: string, cp: string, layout: BrokerLayout): Promise<void> {
  const { configFile, dataDir, logDir } = layout;
  if (fs.existsSync(path.join(dataDir, 'meta.properties'))) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const { code, output } = await runCapture(java, [
    '-Xmx256m',
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Dkafka.logs.dir=${logDir}`,
    `-Dlog4j2.configurationFile=${LOG4J2_CONFIG}`,
    '-cp',
    cp,
    'kafka.tools.StorageTool',
    'format',
    // A static quorum (controller.quorum.voters) takes no initial-controllers option.
    ...(layout.cluster ? [] : ['--standalone']),
    '--ignore-formatted',
    '--cluster-id',
    layout.cluster?.clusterId ?? randomClusterId(),
    '--config',
    configFile,
  ]);
  if (code !== 0 || !fs.existsSync(path.join(dataDir, 'meta.properties'))) {
    throw new Error(`Formatting Kafka storage in ${dataDir} failed (exit ${code}):\n${tail(output, 30)}`);
  }
}

/** Kafka's Uuid.toString(): 16 random bytes, base64url without padding, never starting with '-' */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** hints for the usual reasons a local broker dies on startup */
function diagnose(text: string, port: number, controllerPort: number): string {
  const hints: string[] = [];
  if (/Address already in use|BindException/i.test(text)) {
    hints.push(
      `port ${port} or ${controllerPort} is already in use: another broker is running ` +
        '(`pgrep -af kafka.Kafka`, or a `docker compose` Kafka); stop it or choose other ports.',
    );
  }
  if (/Failed to acquire lock/i.test(text)) {
    hints.push('the data dir is locked by another running Kafka process using the same dataDir.');
  }
  if (/Invalid cluster\.id|INCONSISTENT_CLUSTER_ID|No readable meta\.properties|is not formatted/i.test(text)) {
    hints.push('the data dir looks inconsistent with this config; delete it to start from scratch.');
  }
  if (/UnsupportedClassVersionError/.test(text)) hints.push('the JVM is too old: Kafka 4.x needs Java 17+.');
  return hints.length ? `\nLikely cause: ${hints.join(' ')}` : '';
}

// -- small helpers ----------------------------------------------------------------------------

/** text appended to `file` since byte `from` (the current run's part of an appended log) */
function readFrom(file: string, from: number, maxBytes = 64 * 1024): string {
  try {
    const size = fs.statSync(file).size;
    const start = Math.max(from <= size ? from : 0, size - maxBytes);
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(size - start);
      fs.readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve(false)));
  });
}
