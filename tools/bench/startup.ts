import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchSystem, RunningSystem } from '../system/launch';
import { generateSecrets } from '../system/secrets';
import { REPO_ROOT, RunningService, SERVICE_NAMES, ServiceRuntime, spawnService, waitUntilReady } from '../system/services';
import { CpuMeter } from './cpu-meter';
import { SmtpSink } from './smtp-sink';
import { footprintTable, measureStartFootprint } from './start-footprint';
import { median } from './stats';

/**
 * `npm run bench:startup [-- --rounds N --footprint-only]`: first the memory `npm start` takes at idle, every process
 * it starts (start-footprint.ts); then how long each app (the four services and the desk) takes from spawn to
 * ready (GET /health/ready answers 200, polled every 10 ms), the CPU time it spent getting there and its resident
 * memory then, run from its TypeScript (ts-node) and from its build output (compiled). Brings the platform up once
 * (broker, the machine's Postgres, an SMTP sink, the desk's development identity provider), then restarts each app
 * in turn, alternating the two runtimes so that the machine's other load falls on both alike; prints the medians as
 * a Markdown table.
 */
const PORTS = {
  kafka: 17092,
  kafkaController: 17093,
  smtp: 5525,
  mailWeb: 5580,
  services: { intake: 17001, registry: 17002, activation: 17003, notifications: 17004 },
  desk: { port: 17000, identityProviderPort: 17005 },
};
const POSTGRES_SOCKET_DIR = '/var/run/postgresql';
const POSTGRES =
  process.env['TEST_DATABASE_URL'] ??
  (existsSync(join(POSTGRES_SOCKET_DIR, '.s.PGSQL.5432')) ? `postgres://postgres@localhost/postgres?host=${POSTGRES_SOCKET_DIR}` : 'postgres://postgres@127.0.0.1:5432/postgres');
const LOG_DIR = join(REPO_ROOT, 'test-artifacts', 'startup-logs');
const RUNTIMES: ServiceRuntime[] = ['ts-node', 'compiled'];

/** One app measured: how to start it, and the instance running now (stopped before each start). */
interface Measured {
  name: string;
  env: NodeJS.ProcessEnv;
  port: number;
  running: RunningService;
}

interface Start {
  service: string;
  runtime: ServiceRuntime;
  readyMs: number;
  cpuMs: number;
  rssMb: number;
  /** Percent of one core the whole machine was busy with meanwhile (200 is both cores of two). */
  machinePercent: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

const USAGE = 'usage: npm run bench:startup [-- --rounds N --footprint-only]';

function rounds(args: string[]): number {
  const index = args.indexOf('--rounds');
  const value = index < 0 ? 5 : Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(USAGE);
  return value;
}

/** Resident memory of a process, from /proc (VmRSS, kB). */
function residentMb(pid: number): number {
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** Stops the app's running instance, starts it again on `runtime` and measures it until it is ready. */
async function restart(app: Measured, runtime: ServiceRuntime): Promise<Start> {
  const service = app.name;
  await app.running.stop();
  // Read before the spawn (nothing yet) and at ready: the new process's whole CPU time counts.
  const watched: number[] = [];
  const meter = new CpuMeter(async () => ({ [service]: watched }));
  await meter.start();
  const spawned = performance.now();
  const instance = spawnService(service, runtime, app.env, LOG_DIR, app.port);
  const pid = instance.process.pid!;
  watched.push(pid);
  app.running = instance;
  await waitUntilReady(instance, 120_000, 10);
  const readyMs = performance.now() - spawned;
  const rssMb = residentMb(pid);
  const shares = await meter.stop();
  const share = (label: string) => shares.find((entry) => entry.label === label)!.percent;
  return { service, runtime, readyMs, cpuMs: (share(service) / 100) * readyMs, rssMb, machinePercent: share('machine total') };
}

function table(apps: Measured[], starts: Start[]): string {
  const rows = ['| app | runtime | spawn → ready (ms) | CPU to ready (ms) | resident memory at ready (MB) | machine busy meanwhile (% of a core) |', '|---|---|---:|---:|---:|---:|'];
  for (const { name: service } of apps) {
    for (const runtime of RUNTIMES) {
      const mine = starts.filter((start) => start.service === service && start.runtime === runtime);
      const m = (pick: (start: Start) => number) => Math.round(median(mine.map(pick)));
      rows.push(`| ${service} | ${runtime} | ${m((s) => s.readyMs)} | ${m((s) => s.cpuMs)} | ${m((s) => s.rssMb)} | ${m((s) => s.machinePercent)} |`);
    }
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const count = rounds(args);
  log('npm start at idle:');
  const footprint = await measureStartFootprint(log);
  log(`\n${footprintTable(footprint)}\n\n(load average ${footprint.loadAverage} when read, ${new Date().toISOString().slice(0, 16)}Z)\n`);
  if (args.includes('--footprint-only')) return;
  rmSync(LOG_DIR, { recursive: true, force: true });
  const kafkaDataDir = mkdtempSync(join(tmpdir(), 'client-gate-startup-kafka-'));
  const sink = await SmtpSink.start(PORTS.smtp);
  let system: RunningSystem | undefined;
  let apps: Measured[] = [];
  try {
    system = await launchSystem({
      runtime: 'compiled',
      kafkaPort: PORTS.kafka,
      kafkaControllerPort: PORTS.kafkaController,
      kafkaDataDir,
      postgresUrl: POSTGRES,
      databasePrefix: 'client_gate_startup_',
      recreateDatabases: true,
      smtpUrl: sink.url,
      smtpPort: PORTS.smtp,
      mailWebPort: PORTS.mailWeb,
      servicePorts: PORTS.services,
      desk: PORTS.desk,
      secrets: generateSecrets(),
      logDir: LOG_DIR,
      logLevel: 'warn',
      progress: (line) => log(`… ${line}`),
    });
    const services = system.services;
    apps = [
      ...SERVICE_NAMES.map((name) => ({ name, env: system!.serviceEnv[name], port: PORTS.services[name], running: services[name] })),
      { name: 'desk', env: system.deskEnv!, port: PORTS.desk.port, running: system.desk! },
    ];
    const starts: Start[] = [];
    for (let round = 1; round <= count; round++) {
      for (const app of apps) {
        // Alternate which runtime goes first, so that neither always follows the other's exit.
        for (const runtime of round % 2 ? RUNTIMES : [...RUNTIMES].reverse()) {
          const start = await restart(app, runtime);
          starts.push(start);
          log(`round ${round}: ${app.name} on ${runtime} ready in ${Math.round(start.readyMs)} ms, ${Math.round(start.rssMb)} MB`);
        }
      }
    }
    log(`\nmedians of ${count} starts each (${new Date().toISOString().slice(0, 16)}Z):\n`);
    log(table(apps, starts));
  } finally {
    // The instances started here; launchSystem stops the ones it started.
    for (const app of apps) await app.running.stop();
    await system?.stop();
    await sink.stop();
    rmSync(kafkaDataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:startup failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
