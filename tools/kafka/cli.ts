/**
 * node -r ts-node/register -r tsconfig-paths/register tools/kafka/cli.ts <command> [options]
 *
 *   start   run a local Kafka in the foreground until Ctrl-C: one node, or --nodes N (a cluster of N combined
 *           controller+broker nodes on ports port..port+N-1 and controller-port..controller-port+N-1)
 *           [--nodes 1] [--port 9092] [--controller-port 9093] [--data-dir <dir>] [--log-dir <dir>]
 *   fetch   only resolve the broker jars into the Maven cache (CI pre-fetch); prints the jar count
 */
import * as path from 'node:path';
import { KAFKA_VERSION, resolveKafkaClasspath, startBroker, type StartBrokerOptions } from './broker';
import { LOCAL_DIR } from './classpath';
import { startCluster } from './cluster';

function usage(code: number): never {
  const out = code === 0 ? console.log : console.error;
  out(
    [
      'usage: tools/kafka/cli.ts <start|fetch> [options]',
      '  start  [--nodes 1] [--port 9092] [--controller-port 9093] [--data-dir DIR] [--log-dir DIR]',
      '         runs Kafka in the foreground until Ctrl-C; --nodes 3: three nodes on ports port..port+2 and',
      '         controller-port+100..+102 unless --controller-port is given',
      '  fetch  resolves the Kafka jars into the Maven cache (~/.m2) and prints the jar count',
    ].join('\n'),
  );
  process.exit(code);
}

function parseStartOptions(args: string[]): StartBrokerOptions & { nodes: number } {
  const opts: StartBrokerOptions & { nodes: number } = { nodes: 1 };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${flag}: not a port: ${v}`);
      return n;
    };
    switch (flag) {
      case '--port':
        opts.port = num();
        break;
      case '--nodes':
        opts.nodes = num();
        break;
      case '--controller-port':
        opts.controllerPort = num();
        break;
      case '--data-dir':
        opts.dataDir = path.resolve(value());
        break;
      case '--log-dir':
        opts.logDir = path.resolve(value());
        break;
      case '-h':
      case '--help':
        usage(0);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

async function fetchJars(): Promise<void> {
  const t0 = Date.now();
  const cp = await resolveKafkaClasspath();
  const jars = cp.split(path.delimiter).filter(Boolean);
  console.log(`kafka ${KAFKA_VERSION}: ${jars.length} jars resolved in the Maven cache (${seconds(Date.now() - t0)})`);
}

/** A cluster of `nodes` in the foreground until Ctrl-C. */
async function startNodes(opts: StartBrokerOptions & { nodes: number }): Promise<void> {
  const t0 = Date.now();
  const port = opts.port ?? 9092;
  console.log(`kafka ${KAFKA_VERSION}: starting ${opts.nodes} nodes...`);
  const cluster = await startCluster({
    nodes: opts.nodes,
    port,
    controllerPort: opts.controllerPort ?? port + 100,
    dataDir: opts.dataDir ?? path.join(LOCAL_DIR, 'cluster'),
    logDir: opts.logDir,
  });
  console.log(`kafka ${KAFKA_VERSION}: ${opts.nodes} nodes ready in ${seconds(Date.now() - t0)}`);
  console.log(`  bootstrap: ${cluster.brokers}`);
  console.log('  Ctrl-C to stop');
  const shutdown = (): void => void cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function start(opts: StartBrokerOptions & { nodes: number }): Promise<void> {
  if (opts.nodes > 1) return startNodes(opts);
  const t0 = Date.now();
  console.log(`kafka ${KAFKA_VERSION}: starting...`);
  const broker = await startBroker(opts);
  const m = broker.startupMs;
  console.log(
    `kafka ${KAFKA_VERSION} ready in ${seconds(Date.now() - t0)} (pid ${broker.pid}; jars ${seconds(m.classpath)}, ` +
      `format ${seconds(m.format)}, jvm→listening ${seconds(m.listen)}, →ready ${seconds(m.ready)})`,
  );
  console.log(`  bootstrap: ${broker.brokers}`);
  console.log(`  data:      ${broker.dataDir}`);
  console.log(`  log:       ${broker.logFile}`);
  console.log('  Ctrl-C to stop');

  let stopping = false;
  const shutdown = (sig: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${sig}: stopping kafka...`);
    const t = Date.now();
    void broker.stop().then(() => {
      console.log(`kafka stopped (${seconds(Date.now() - t)})`);
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const { code, signal } = await broker.exited;
  if (!stopping) {
    console.error(`kafka exited unexpectedly (code ${code}, signal ${signal}); see ${broker.logFile}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'start':
      return start(parseStartOptions(rest));
    case 'fetch':
      if (rest.length) usage(2);
      return fetchJars();
    case '-h':
    case '--help':
      return usage(0);
    default:
      return usage(2);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
