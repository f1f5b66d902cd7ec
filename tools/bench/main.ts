import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchSystem, RunningSystem } from '../system/launch';
import { generateSecrets } from '../system/secrets';
import { REPO_ROOT } from '../system/services';
import { runBench } from './bench-run';
import { parseOptions } from './options';
import { SmtpSink } from './smtp-sink';

/**
 * `npm run bench [-- --count N --rate R|auto --concurrency C --logins L --port-offset P --scale-out]` (SPEC §11): starts its own copy of
 * the platform, registers people end to end at full speed (closed loop and open pipeline) and at a fixed
 * rate, measures activations (argon2id), sign-ins with a second factor and the floor of the machine (Kafka, Postgres), prints a Markdown table and writes
 * benchmarks/results/latest.json. Everything it started is stopped at the end, also on Ctrl-C.
 */

// Ports of their own, so that the bench runs beside `npm start`, the e2e tests and the chaos tool, and below
// Linux's ephemeral range (32768-60999), where a client connection could hold one.
// `--port-offset` moves them all (and the databases' names), for two benches on one machine.
const portsAt = (offset: number) => ({
  kafka: 18092 + offset,
  kafkaController: 18093 + offset,
  smtp: 4525 + offset,
  mailWeb: 4580 + offset,
  services: { intake: 18001 + offset, registry: 18002 + offset, activation: 18003 + offset, notifications: 18004 + offset },
});
// Everything runs on one host, where the machine's Postgres is cheaper to reach over its Unix socket than over
// 127.0.0.1 (fewer system calls per query: 37.2 against 31.8 registrations/s, benchmarks/BENCHMARKS.md).
const POSTGRES_SOCKET_DIR = '/var/run/postgresql';
const POSTGRES =
  process.env['TEST_DATABASE_URL'] ??
  (existsSync(join(POSTGRES_SOCKET_DIR, '.s.PGSQL.5432'))
    ? `postgres://postgres@localhost/postgres?host=${POSTGRES_SOCKET_DIR}`
    : 'postgres://postgres@127.0.0.1:5432/postgres');
const databasePrefix = (portOffset: number) => (portOffset === 0 ? 'client_gate_bench_' : `client_gate_bench${portOffset}_`);
const LOG_DIR = join(REPO_ROOT, 'test-artifacts', 'bench-logs');

const log = (line: string) => process.stdout.write(`${line}\n`);

/** What was started, stopped in reverse order, once, whether the bench ends, fails or is interrupted. */
const teardown: (() => Promise<void>)[] = [];
let tearingDown: Promise<void> | undefined;
const tearDown = () =>
  (tearingDown ??= (async () => {
    for (const step of teardown.reverse()) await step().catch(() => undefined);
  })());

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const PORTS = portsAt(options.portOffset);
  const DATABASE_PREFIX = databasePrefix(options.portOffset);
  log(`bench: Postgres at ${POSTGRES}`);
  log(`bench: ${options.count} registrations with ${options.concurrency} clients, then ${options.rate === 'auto' ? 'half that rate' : `${options.rate}/s`}${options.scaleOut ? ', then scale-out' : ''}`);
  rmSync(LOG_DIR, { recursive: true, force: true });
  const kafkaDataDir = mkdtempSync(join(tmpdir(), 'client-gate-bench-kafka-'));
  teardown.push(async () => rmSync(kafkaDataDir, { recursive: true, force: true }));
  const sink = await SmtpSink.start(PORTS.smtp);
  teardown.push(() => sink.stop());
  const secrets = generateSecrets();
  const launching: Promise<RunningSystem> = launchSystem({
    runtime: 'compiled',
    kafkaPort: PORTS.kafka,
    kafkaControllerPort: PORTS.kafkaController,
    kafkaDataDir,
    postgresUrl: POSTGRES,
    databasePrefix: DATABASE_PREFIX,
    recreateDatabases: true,
    smtpUrl: sink.url,
    smtpPort: PORTS.smtp,
    mailWebPort: PORTS.mailWeb,
    servicePorts: PORTS.services,
    secrets,
    logDir: LOG_DIR,
    // Request logs at info would add their own cost to what is measured; LOG_LEVEL=info to see them.
    logLevel: process.env['LOG_LEVEL'] ?? 'warn',
    progress: (line) => log(`… ${line}`),
  });
  teardown.push(() => launching.then((system) => system.stop(), () => undefined));
  const system = await launching;
  log(`… up; service logs in ${LOG_DIR}`);
  const passed = await runBench({
    system,
    sink,
    options,
    staffSecret: secrets.STAFF_TOKEN_SECRET,
    postgresUrl: POSTGRES,
    databasePrefix: DATABASE_PREFIX,
    kafkaPort: PORTS.kafka,
    logDir: LOG_DIR,
    onStop: (stop) => teardown.push(stop),
  });
  log('stopping…');
  await tearDown();
  return passed ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A terminal's Ctrl-C reaches us twice: directly and forwarded by tools/run.cjs.
    if (!tearingDown) log(`\n${signal}: stopping everything the bench started…`);
    void tearDown().then(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  async (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    await tearDown();
    process.exit(1);
  },
);
