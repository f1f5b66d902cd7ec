// Global setup runs outside Jest's module registry, so the workspace's path aliases are registered here.
import 'tsconfig-paths/register';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchSystem, RunningSystem } from '@client-gate/tools/system/launch';
import { DevSecrets, generateSecrets } from '@client-gate/tools/system/secrets';
import { REPO_ROOT, SERVICE_NAMES } from '@client-gate/tools/system/services';
import { E2E_ENV, E2eEnvironment } from './environment';

const DESK_ACCESS_TOKEN_TTL_SECONDS = 20;

declare global {
  var __SYSTEM__: RunningSystem | undefined;
}

/**
 * Starts the real system once for the suite: a fresh Kafka broker (unless KAFKA_BROKERS is given),
 * fresh databases on the machine's Postgres (TEST_DATABASE_URL), MailDev and the four services,
 * on ports apart from `npm start`'s so both can run at once.
 */
export const E2E_CONSUMER_STALL_SECONDS = 10;

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // E2E_PORT_OFFSET lets several runs share the machine (each gets its own ports and databases).
  const offset = Number(process.env['E2E_PORT_OFFSET'] ?? 0);
  const secrets = generateSecrets();
  const logDir = join(REPO_ROOT, 'test-artifacts', offset ? `logs-${offset}` : 'logs');
  // Each run's logs alone: the tests read them.
  rmSync(logDir, { recursive: true, force: true });
  const system = await launchSystem({
    // What ships: each service's build output (built first, Nx's cache skipping unchanged apps).
    runtime: 'compiled',
    kafkaBrokers: process.env['KAFKA_BROKERS'],
    kafkaPort: 29092 + offset,
    kafkaControllerPort: 29093 + offset,
    kafkaDataDir: mkdtempSync(join(tmpdir(), 'client-gate-kafka-')),
    postgresUrl: process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    databasePrefix: offset ? `client_gate_test${offset}_` : 'client_gate_test_',
    recreateDatabases: true,
    smtpPort: 2525 + offset,
    mailWebPort: 2580 + offset,
    servicePorts: { intake: 13001 + offset, registry: 13002 + offset, activation: 13003 + offset, notifications: 13004 + offset },
    // Access tokens of 20 s: every desk test outlives several, so the desk renews them throughout (R25).
    desk: { port: 13000 + offset, identityProviderPort: 13005 + offset, accessTokenTtlSeconds: DESK_ACCESS_TOKEN_TTL_SECONDS },
    secrets,
    logDir,
    logLevel: 'info',
    // Short, so that the alert test sees a stall in seconds (the services' default is 60).
    consumerStallSeconds: E2E_CONSUMER_STALL_SECONDS,
    progress: (line) => process.stdout.write(`[e2e setup] ${line}\n`),
  });
  globalThis.__SYSTEM__ = system;
  handToTests(system, secrets, logDir, DESK_ACCESS_TOKEN_TTL_SECONDS);
  process.stdout.write(`[e2e setup] system up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** What the test files need to know of the system, through the environment (they run in Jest's workers). */
export function handToTests(system: RunningSystem, secrets: DevSecrets, logDir: string, deskAccessTokenTtlSeconds: number): void {
  const environment: E2eEnvironment = {
    kafkaBrokers: system.kafkaBrokers,
    mailApiUrl: system.mailApiUrl!,
    secrets,
    urls: Object.fromEntries(SERVICE_NAMES.map((name) => [name, system.services[name].url])) as E2eEnvironment['urls'],
    databases: system.databases,
    serviceEnv: system.serviceEnv,
    deskUrl: system.desk!.url,
    deskEnv: system.deskEnv!,
    deskDatabase: system.deskDatabase!,
    deskAccessTokenTtlSeconds,
    identityProvider: { issuer: system.identityProvider!.issuer, audience: system.identityProvider!.audience },
    runtime: system.runtime,
    logDir,
  };
  process.env[E2E_ENV] = JSON.stringify(environment);
}
