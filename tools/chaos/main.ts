import { mintStaffToken } from '@client-gate/platform';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Email, MailSink } from '../infra/maildev';
import { kafkaFor, readDeadLetters } from '../ops/kafka-ops';
import { launchSystem, RunningSystem } from '../system/launch';
import { generateSecrets } from '../system/secrets';
import { REPO_ROOT, ServiceName } from '../system/services';

/**
 * `npm run chaos [-- --count N]` (SPEC §9): drives N registrations from intake's HTTP API to their
 * activation emails while it kill -9s each service in turn, restarts the broker and restarts Postgres
 * (or, where it cannot, terminates every backend connection). Then it checks that every application
 * reached a final state and every person got exactly one activation email, and prints what was lost,
 * doubled and dead-lettered, per fault. Exit status 0 only when nothing was lost.
 */
const args = process.argv.slice(2);
const count = args.includes('--count') ? Number(args[args.indexOf('--count') + 1]) : 1000;
const concurrency = args.includes('--concurrency') ? Number(args[args.indexOf('--concurrency') + 1]) : 16;
// --terminate-connections: leave the machine's Postgres running (others may be using it), kill our backends instead.
const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Person {
  index: number;
  email: string;
  submittedAt?: number;
  applicationId?: string;
  attempts: number;
  window: string;
}

interface Fault {
  name: string;
  at: number;
  tookMs?: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  if (!Number.isInteger(count) || count < 1) throw new Error('--count takes a whole number');
  log(`chaos: ${count} registrations, ${concurrency} at a time, with faults`);
  const secrets = generateSecrets();
  const system = await launchSystem({
    runtime: 'compiled',
    // Below Linux's ephemeral range (32768-60999), where a client connection could hold the port.
    kafkaPort: 19092,
    kafkaControllerPort: 19093,
    kafkaDataDir: mkdtempSync(join(tmpdir(), 'client-gate-chaos-kafka-')),
    postgresUrl: POSTGRES,
    databasePrefix: 'client_gate_chaos_',
    recreateDatabases: true,
    smtpPort: 3525,
    mailWebPort: 3580,
    servicePorts: { intake: 23001, registry: 23002, activation: 23003, notifications: 23004 },
    secrets,
    logDir: join(REPO_ROOT, 'test-artifacts', 'chaos-logs'),
    logLevel: 'warn',
    progress: (line) => log(`… ${line}`),
  });
  const code = await run(system, secrets.STAFF_TOKEN_SECRET).finally(() => system.stop());
  process.exit(code);
}

async function run(system: RunningSystem, staffSecret: string): Promise<number> {
  const intake = system.services.intake.url;
  const token = () => mintStaffToken(staffSecret, { officer: 'chaos', consulate: 'HU-CHAOS' }, new Date());
  const runId = Date.now().toString(36);
  const people: Person[] = Array.from({ length: count }, (_, index) => ({
    index,
    email: `chaos-${runId}-${index}@example.org`,
    attempts: 0,
    window: 'none',
  }));
  const faults: Fault[] = [];
  let currentWindow = 'none';
  let submitted = 0;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${intake}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, any> };
  };

  /** Submits one registration, retrying through outages; an appointment makes the retry safe (R4). */
  const submit = async (person: Person) => {
    let appointmentId: string | undefined;
    for (;;) {
      person.attempts++;
      try {
        if (!appointmentId) {
          const appointment = await post('/appointments', { channel: 'email', contact: person.email, applicantName: `Chaos ${person.index}`, startsAt: new Date().toISOString() });
          if (appointment.status !== 201) throw new Error(`appointment ${appointment.status}`);
          appointmentId = appointment.body['id'];
        }
        const application = await post('/applications', {
          appointmentId,
          kind: 'register',
          person: { familyName: `Chaos-${runId}`, givenNames: `Person ${person.index}`, dateOfBirth: '1985-06-15', placeOfBirth: 'Budapest', mothersBirthName: 'Teszt Anna' },
          citizenship: 'HU',
          document: { type: 'passport', number: `CH${person.index}`, issuingCountry: 'HU', issuedOn: '2020-01-01', expiresOn: '2030-01-01' },
          email: person.email,
          locale: 'hu',
        });
        if (application.status === 202) {
          person.applicationId = application.body['id'];
        } else if (!(application.status === 422 && application.body['errors']?.[0]?.code === 'APPOINTMENT_ALREADY_USED')) {
          // APPOINTMENT_ALREADY_USED after a lost answer means the first try was accepted.
          throw new Error(`application ${application.status}`);
        }
        person.submittedAt = Date.now();
        person.window = currentWindow;
        submitted++;
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * person.attempts, 2_000)));
      }
    }
  };

  const injectAt = (fraction: number, name: string, inject: () => Promise<void>) => ({ fraction, name, inject });
  const schedule = [
    injectAt(0.1, 'kill -9 intake', () => system.killAndRestart('intake')),
    injectAt(0.2, 'kill -9 registry', () => system.killAndRestart('registry')),
    injectAt(0.3, 'kill -9 activation', () => system.killAndRestart('activation')),
    injectAt(0.4, 'kill -9 notifications', () => system.killAndRestart('notifications')),
    injectAt(0.55, 'restart broker', () => system.restartBroker()),
    injectAt(0.7, canRestartPostgres() ? 'restart Postgres' : 'terminate Postgres connections', () => restartPostgres(system)),
  ];

  const started = Date.now();
  const queue = [...people];
  const workers = Array.from({ length: concurrency }, async () => {
    for (let person = queue.shift(); person; person = queue.shift()) await submit(person);
  });
  const injector = (async () => {
    for (const fault of schedule) {
      while (submitted < fault.fraction * count) await new Promise((resolve) => setTimeout(resolve, 20));
      const record: Fault = { name: fault.name, at: Date.now() - started };
      currentWindow = fault.name;
      const begun = Date.now();
      log(`  ⚡ ${fault.name} at ${submitted}/${count}`);
      await fault.inject();
      record.tookMs = Date.now() - begun;
      faults.push(record);
      // Registrations submitted from the fault until a little after recovery count as its window.
      setTimeout(() => (currentWindow = 'none'), 2_000);
    }
  })();
  const progress = setInterval(() => log(`  submitted ${submitted}/${count}`), 5_000);
  await Promise.all([...workers, injector]);
  clearInterval(progress);
  log(`all ${count} submitted in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for every email…`);

  const mail = new MailSink(system.mailApiUrl!);
  const byPerson = new Map<string, Email[]>();
  const deadline = Date.now() + Math.max(120_000, count * 200);
  for (;;) {
    byPerson.clear();
    for (const email of await mail.list()) {
      if (String(email.headers['x-notification-type']) !== 'activation-code') continue;
      for (const to of email.to) byPerson.set(to.address, [...(byPerson.get(to.address) ?? []), email]);
    }
    const received = people.filter((person) => byPerson.has(person.email)).length;
    if (received === count || Date.now() > deadline) break;
    log(`  emails ${received}/${count}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  const statuses = await queryOne(system.databases.intake, `SELECT status, count(*)::int AS n FROM application GROUP BY status`);
  const lost = people.filter((person) => !byPerson.has(person.email));
  const doubled = people.filter((person) => (byPerson.get(person.email)?.length ?? 0) > 1);
  const resent = doubled.filter((person) => new Set(byPerson.get(person.email)!.map((e) => String(e.headers['x-notification-id']))).size === 1);
  const deadLetters = await readDeadLetters(kafkaFor(system.kafkaBrokers.split(',')));
  const notFinal = statuses.filter((row) => row['status'] === 'submitted').reduce((sum, row) => sum + Number(row['n']), 0);

  log('');
  log('| fault | at (s) | recovery (s) | registrations in its window | lost | duplicated |');
  log('|---|---|---|---|---|---|');
  for (const fault of faults) {
    const inWindow = people.filter((person) => person.window === fault.name);
    log(`| ${fault.name} | ${(fault.at / 1000).toFixed(1)} | ${((fault.tookMs ?? 0) / 1000).toFixed(1)} | ${inWindow.length} | ${inWindow.filter((p) => lost.includes(p)).length} | ${inWindow.filter((p) => doubled.includes(p)).length} |`);
  }
  log('');
  log(`applications: ${statuses.map((row) => `${row['status']} ${row['n']}`).join(', ')} (not final: ${notFinal})`);
  log(`lost: ${lost.length}`);
  log(`duplicated: ${doubled.length} (${resent.length} of them the same notification re-sent after a crash)`);
  log(`dead-lettered: ${deadLetters.length}`);
  return lost.length === 0 && notFinal === 0 ? 0 : 1;
}

function canRestartPostgres(): boolean {
  if (args.includes('--terminate-connections')) return false;
  return process.getuid?.() === 0 && existsSync('/usr/bin/pg_ctlcluster') && existsSync('/etc/postgresql') && POSTGRES.includes('127.0.0.1:5432');
}

/** A real restart of the machine's Postgres where this may do it, else every backend of our databases is terminated. */
async function restartPostgres(system: RunningSystem): Promise<void> {
  if (canRestartPostgres()) {
    const version = execFileSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).trim().split('\n')[0];
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { stdio: 'ignore' });
  } else {
    await queryOne(POSTGRES, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname LIKE 'client_gate_chaos_%'`);
  }
  // Ready again when every service answers its readiness check.
  for (const service of Object.keys(system.services) as ServiceName[]) {
    for (;;) {
      const ready = await fetch(`${system.services[service].url}/health/ready`).then((r) => r.ok).catch(() => false);
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function queryOne(url: string, sql: string): Promise<Record<string, unknown>[]> {
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
