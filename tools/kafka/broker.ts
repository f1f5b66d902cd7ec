/**
 * Local single-node Apache Kafka 4.3.1 (KRaft, combined broker+controller) run straight from
 * Maven Central jars on the machine's Java 17+. No Docker needed.
 *
 * - jars: resolved by Maven into its own cache (~/.m2) from tools/kafka/pom.xml; the resulting
 *   classpath is cached in .local/kafka/classpath.txt (mvn is skipped while every jar in it exists
 *   and the pom is unchanged).
 * - storage: formatted once (`kafka.tools.StorageTool format --standalone`), then reused.
 * - readiness: resolves only once kafkajs can describe the cluster, create+delete a probe topic and
 *   reach the group coordinator (which creates __consumer_offsets on a fresh data dir).
 *
 * Used by `npm start` and the Jest global setup of the e2e tests; `tools/kafka/cli.ts` wraps it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

/** tools/kafka → ../.. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const KAFKA_VERSION = '4.3.1';

const TOOL_DIR = __dirname;
const POM_FILE = path.join(TOOL_DIR, 'pom.xml');
const LOG4J2_CONFIG = path.join(TOOL_DIR, 'log4j2.xml');
const LOCAL_DIR = path.join(REPO_ROOT, '.local', 'kafka');
const CLASSPATH_FILE = path.join(LOCAL_DIR, 'classpath.txt');
const CLASSPATH_STAMP = path.join(LOCAL_DIR, 'classpath.pom.sha256');
const DEFAULT_DATA_DIR = path.join(LOCAL_DIR, 'data');

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
const DEFAULT_HEAP_OPTS = ['-Xms128m', '-Xmx512m'];

export interface StartBrokerOptions {
  /** client (PLAINTEXT) port, default 9092 */
  port?: number;
  /** KRaft controller port, default 9093 */
  controllerPort?: number;
  /** Kafka log.dirs; persists across runs. Default <repo>/.local/kafka/data */
  dataDir?: string;
  /** where server.log (log4j2) and kafka.out (JVM stdout/stderr) go. Default <repo>/.local/kafka/logs/<port> */
  logDir?: string;
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

// ---------------------------------------------------------------------------------------------
// tool discovery + classpath
// ---------------------------------------------------------------------------------------------

function findOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function findJava(): string | undefined {
  const javaHome = process.env.JAVA_HOME;
  if (javaHome) {
    const candidate = path.join(javaHome, 'bin', 'java');
    if (fs.existsSync(candidate)) return candidate;
  }
  return findOnPath('java');
}

function missingToolError(what: string): Error {
  return new Error(
    `Cannot run the local Kafka broker: ${what}. ` +
      'It needs Java 17+ (`java`) and Maven (`mvn`) on the PATH (e.g. `apt-get install openjdk-17-jre-headless maven`). ' +
      'Alternatively run Kafka in a container with `docker compose up`.',
  );
}

let cachedJava: string | undefined;

/** Absolute path of a java >= 17, or throws the "missing tool" error. */
function requireJava(): string {
  if (cachedJava) return cachedJava;
  const java = findJava();
  if (!java) throw missingToolError('`java` was not found (checked $JAVA_HOME/bin and PATH)');
  const res = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const out = `${res.stderr ?? ''}${res.stdout ?? ''}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (res.status !== 0 || !m) throw missingToolError(`\`${java} -version\` failed: ${out.trim() || res.error?.message}`);
  const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
  if (major < 17) throw missingToolError(`\`java\` at ${java} is Java ${major}, Kafka ${KAFKA_VERSION} needs Java 17 or newer`);
  cachedJava = java;
  return java;
}

function readCachedClasspath(pomHash: string): string | undefined {
  try {
    if (fs.readFileSync(CLASSPATH_STAMP, 'utf8').trim() !== pomHash) return undefined;
    const cp = fs.readFileSync(CLASSPATH_FILE, 'utf8').trim();
    const jars = cp.split(path.delimiter).filter(Boolean);
    if (jars.length === 0 || !jars.every((jar) => fs.existsSync(jar))) return undefined;
    return jars.join(path.delimiter);
  } catch {
    return undefined;
  }
}

function runCapture(cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const append = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * The broker's Java classpath (jars in ~/.m2). Runs `mvn dependency:build-classpath` only when
 * .local/kafka/classpath.txt is missing, stale (pom changed) or names a jar that no longer exists.
 * Throws if `java` or `mvn` is missing, pointing at `docker compose up` as the alternative.
 */
export async function resolveKafkaClasspath(): Promise<string> {
  requireJava();
  const mvn = findOnPath('mvn');
  if (!mvn) throw missingToolError('`mvn` (Apache Maven) was not found on the PATH');

  const pomHash = createHash('sha256').update(fs.readFileSync(POM_FILE)).digest('hex');
  const cached = readCachedClasspath(pomHash);
  if (cached) return cached;

  fs.mkdirSync(LOCAL_DIR, { recursive: true });
  const tmp = `${CLASSPATH_FILE}.${process.pid}.${Date.now()}.tmp`;
  const { code, output } = await runCapture(mvn, [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    POM_FILE,
    'dependency:build-classpath',
    '-Dmdep.includeScope=runtime',
    `-Dmdep.outputFile=${tmp}`,
  ]);
  if (code !== 0 || !fs.existsSync(tmp)) {
    fs.rmSync(tmp, { force: true });
    throw new Error(
      `mvn could not resolve the Kafka ${KAFKA_VERSION} jars (exit ${code}); is Maven Central reachable?\n` +
        `${tail(output, 40)}\nAlternatively run Kafka in a container with \`docker compose up\`.`,
    );
  }
  // atomic publish: concurrent callers (npm start + jest) may race here
  fs.renameSync(tmp, CLASSPATH_FILE);
  fs.writeFileSync(CLASSPATH_STAMP, `${pomHash}\n`);
  const cp = readCachedClasspath(pomHash);
  if (!cp) throw new Error(`mvn wrote ${CLASSPATH_FILE} but some jars in it do not exist`);
  return cp;
}

// ---------------------------------------------------------------------------------------------
// broker
// ---------------------------------------------------------------------------------------------

function tail(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}

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

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: HOST });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Kafka's Uuid.toString(): 16 random bytes, base64url without padding, never starting with '-' */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(o: { port: number; controllerPort: number; dataDir: string }): string {
  const props: Array<[string, string | number | boolean]> = [
    // KRaft, single combined node
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.bootstrap.servers', `${HOST}:${o.controllerPort}`],
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
    ['default.replication.factor', 1],
    ['min.insync.replicas', 1],
    // every internal topic: one replica
    ['offsets.topic.replication.factor', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    // only used with tiered storage (remote.log.storage.system.enable=true, off by default)
    ['rlmm.config.remote.log.metadata.topic.replication.factor', 1],
    ['rlmm.config.remote.log.metadata.topic.min.isr', 1],
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

function jvmArgs(logDir: string): string[] {
  const heap = process.env.KAFKA_HEAP_OPTS?.trim() ? process.env.KAFKA_HEAP_OPTS.trim().split(/\s+/) : DEFAULT_HEAP_OPTS;
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

async function formatStorageIfNeeded(java: string, cp: string, configFile: string, dataDir: string, logDir: string): Promise<void> {
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
    '--standalone',
    '--ignore-formatted',
    '--cluster-id',
    randomClusterId(),
    '--config',
    configFile,
  ]);
  if (code !== 0 || !fs.existsSync(path.join(dataDir, 'meta.properties'))) {
    throw new Error(`Formatting Kafka storage in ${dataDir} failed (exit ${code}):\n${tail(output, 30)}`);
  }
}

// -- making sure the JVM never outlives this process -----------------------------------------

const liveChildren = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killAllSync(signal: NodeJS.Signals): void {
  for (const child of liveChildren) {
    try {
      if (child.pid) process.kill(child.pid, signal);
    } catch {
      /* already gone */
    }
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // last resort on normal exit: cannot wait here, Kafka finishes its shutdown on its own
  process.on('exit', () => killAllSync('SIGTERM'));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      const stops = [...liveChildren].map((c) => stopChild(c));
      // when nobody else handles the signal, keep Node's default: die by it, after the broker is down
      const othersListen = process.listenerCount(sig) > 1;
      void Promise.allSettled(stops).then(() => {
        if (!othersListen) {
          process.removeListener(sig, onSignal);
          process.kill(process.pid, sig);
        }
      });
    };
    process.on(sig, onSignal);
  }
}

const exitPromises = new WeakMap<ChildProcess, Promise<{ code: number | null; signal: NodeJS.Signals | null }>>();

function stopChild(child: ChildProcess): Promise<void> {
  const exited = exitPromises.get(child);
  if (!exited || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  try {
    child.kill('SIGTERM');
  } catch {
    /* gone */
  }
  let timer: NodeJS.Timeout | undefined;
  const killer = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      try {
        child.kill('SIGKILL');
      } catch {
        /* gone */
      }
      resolve();
    }, STOP_GRACE_MS);
    timer.unref();
  });
  return Promise.race([exited.then(() => undefined), killer.then(() => exited.then(() => undefined))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * `setpriv --pdeathsig` makes the kernel SIGTERM the JVM if this process dies, even by SIGKILL.
 * Caveat: the signal follows the *thread* that spawned it, so call startBroker from the main
 * thread (Jest globalSetup, npm start), not from a worker_threads Worker that may end first.
 */
function pdeathsigPrefix(): string[] {
  if (process.platform !== 'linux') return [];
  const setpriv = findOnPath('setpriv');
  if (!setpriv) return [];
  const probe = spawnSync(setpriv, ['--pdeathsig', 'TERM', '--', 'true'], { stdio: 'ignore' });
  return probe.status === 0 ? [setpriv, '--pdeathsig', 'TERM', '--'] : [];
}

async function waitUntilReady(
  brokers: string,
  port: number,
  deadline: number,
  failed: () => Error | undefined,
  onListening: () => void,
): Promise<void> {
  // 1. cheap: wait for the client port to accept connections
  while (!(await canConnect(port))) {
    const err = failed();
    if (err) throw err;
    if (Date.now() > deadline) throw new Error(`Kafka did not open ${brokers} within ${READY_TIMEOUT_MS / 1000}s`);
    await sleep(100);
  }
  onListening();
  // 2. real: metadata + a topic round-trip through the controller
  const kafka = new Kafka({
    clientId: 'kafka-tool-readiness',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 0 },
  });
  let lastError: unknown;
  let topicRoundTripDone = false;
  const probeSuffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  for (;;) {
    const err = failed();
    if (err) throw err;
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
      throw new Error(`Kafka at ${brokers} did not become ready within ${READY_TIMEOUT_MS / 1000}s (last error: ${why})`);
    }
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      // also loads kafkajs' metadata, which the group-coordinator lookup below needs
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0 || cluster.controller === null || cluster.controller < 0) {
        throw new Error('cluster has no live broker/controller yet');
      }
      if (!topicRoundTripDone) {
        const probe = `__kafka-tool-probe-${probeSuffix}`;
        const existing = await admin.listTopics();
        if (!existing.includes(probe)) {
          await admin.createTopics({
            topics: [{ topic: probe, numPartitions: 1, replicationFactor: 1 }],
            waitForLeaders: true,
            timeout: 10_000,
          });
        }
        await admin.deleteTopics({ topics: [probe], timeout: 10_000 });
        topicRoundTripDone = true;
      }
      // Warm the group coordinator: on a fresh data dir this creates __consumer_offsets now, so the
      // first consumer group of a test does not wait on COORDINATOR_NOT_AVAILABLE / LOAD_IN_PROGRESS.
      await admin.describeGroups([`__kafka-tool-probe-${probeSuffix}`]);
      return;
    } catch (e) {
      lastError = e;
      await sleep(250);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

/**
 * Starts a single-node KRaft Kafka (broker+controller) on 127.0.0.1 and resolves once it really
 * serves clients. Rejects fast, with the tail of the broker log, if the JVM exits early or a port
 * is taken. The JVM is stopped when this process exits or gets SIGINT/SIGTERM/SIGHUP.
 */
export async function startBroker(opts: StartBrokerOptions = {}): Promise<BrokerHandle> {
  const port = opts.port ?? 9092;
  const controllerPort = opts.controllerPort ?? 9093;
  const dataDir = path.resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const logDir = path.resolve(opts.logDir ?? path.join(LOCAL_DIR, 'logs', String(port)));
  const configFile = path.join(LOCAL_DIR, 'config', `server-${port}.properties`);
  const brokers = `${HOST}:${port}`;
  const logFile = path.join(logDir, 'server.log');
  const outFile = path.join(logDir, 'kafka.out');

  if (port === controllerPort) throw new Error(`port and controllerPort must differ (both ${port})`);
  const t0 = Date.now();
  const java = requireJava();
  const cp = await resolveKafkaClasspath();
  const tClasspath = Date.now();

  for (const p of [port, controllerPort]) {
    if (await portInUse(p)) {
      throw new Error(
        `Cannot start Kafka: port ${p} on ${HOST} is already in use. Another broker is probably running ` +
          `(\`pgrep -af kafka.Kafka\`, or Kafka from \`docker compose up\`). Stop it, or start on other ports.`,
      );
    }
  }

  fs.mkdirSync(logDir, { recursive: true });
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(configFile, serverProperties({ port, controllerPort, dataDir }));
  await formatStorageIfNeeded(java, cp, configFile, dataDir, logDir);
  const tFormat = Date.now();

  const logOffset = fileSize(logFile);
  fs.appendFileSync(outFile, `\n==== ${new Date().toISOString()} starting Kafka ${KAFKA_VERSION} on ${brokers} (pid ${process.pid} parent) ====\n`);
  const outOffset = fileSize(outFile);
  const outFd = fs.openSync(outFile, 'a');

  installExitHooks();
  const prefix = pdeathsigPrefix();
  const argv = [...jvmArgs(logDir), '-cp', cp, 'kafka.Kafka', configFile];
  const [cmd, ...args] = prefix.length ? [...prefix, java, ...argv] : [java, ...argv];
  let child: ChildProcess;
  try {
    child = spawn(cmd!, args, { cwd: REPO_ROOT, stdio: ['ignore', outFd, outFd], detached: false });
  } finally {
    fs.closeSync(outFd);
  }
  liveChildren.add(child);
  let spawnError: Error | undefined;
  child.once('error', (e) => {
    spawnError = e;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });
  exitPromises.set(child, exited);

  /** this run's ERROR/FATAL lines (each with the exception line after it), then the last lines of both logs */
  const runLog = (): { all: string; report: string } => {
    const out = readFrom(outFile, outOffset);
    const log = readFrom(logFile, logOffset, 1024 * 1024);
    const lines = log.split('\n');
    const errors: string[] = [];
    for (let i = 0; i < lines.length && errors.length < 8; i++) {
      if (!/^\[[^\]]+\] (ERROR|FATAL)/.test(lines[i]!)) continue;
      const next = lines[i + 1] ?? '';
      errors.push(next && !next.startsWith('[') ? `${lines[i]}\n    ${next.trim()}` : lines[i]!);
    }
    const parts = [
      errors.length ? `--- errors (${logFile}) ---\n${errors.join('\n')}` : '',
      out.trim() ? `--- stdout/stderr (${outFile}) ---\n${tail(out, 15)}` : '',
      log.trim() ? `--- last lines (${logFile}) ---\n${tail(log, 15)}` : '',
    ];
    return { all: `${out}\n${log}`, report: parts.filter(Boolean).join('\n') };
  };

  const failed = (): Error | undefined => {
    if (spawnError) return new Error(`Could not spawn ${java}: ${spawnError.message}`);
    if (child.exitCode === null && child.signalCode === null) return undefined;
    const { all, report } = runLog();
    return new Error(
      `Kafka exited during startup (code ${child.exitCode}, signal ${child.signalCode}).` +
        `${diagnose(all, port, controllerPort)}\n${report}`,
    );
  };

  let tListen = 0;
  try {
    await waitUntilReady(brokers, port, Date.now() + READY_TIMEOUT_MS, failed, () => (tListen = Date.now()));
  } catch (e) {
    await stopChild(child);
    if (e instanceof Error && !/Kafka exited during startup|Could not spawn/.test(e.message)) {
      e.message += `\n${runLog().report}`;
    }
    throw e;
  }

  return {
    brokers,
    pid: child.pid!,
    stop: () => stopChild(child),
    exited,
    dataDir,
    logDir,
    logFile,
    configFile,
    startupMs: {
      classpath: tClasspath - t0,
      format: tFormat - tClasspath,
      listen: tListen - tFormat,
      ready: Date.now() - tListen,
      total: Date.now() - t0,
    },
  };
}
