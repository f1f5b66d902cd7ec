// Global setup runs outside Jest's module registry, so the workspace's path aliases are registered here.
import 'tsconfig-paths/register';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabases } from '@client-gate/tools/infra/postgres';
import { BrokerHandle, startBroker } from '@client-gate/tools/kafka/broker';
import { startKeycloak } from '@client-gate/tools/keycloak/keycloak';
import { launchSystem } from '@client-gate/tools/system/launch';
import { generateSecrets } from '@client-gate/tools/system/secrets';
import { REPO_ROOT } from '@client-gate/tools/system/services';
import { DESK_PASSWORD } from './desk';
import { handToTests } from './global-setup';

/** The realm's access-token lifespan (consular-realm.json): the test waits past it. */
export const KEYCLOAK_ACCESS_TOKEN_LIFESPAN_SECONDS = 60;
/** The suite's ports are the e2e suite's plus this, so that both can run at once with the same E2E_PORT_OFFSET. */
const APART_FROM_E2E = 50;

/**
 * `npm run test:keycloak`: a Kafka broker, Keycloak 26.7.3 with the realm `consular` imported from
 * tools/keycloak/consular-realm.json, then the rest of the real system (the machine's Postgres, MailDev, the four
 * services and the desk) with OIDC_ISSUER pointing at Keycloak and no development provider.
 */
export default async function keycloakGlobalSetup(): Promise<void> {
  const started = Date.now();
  const offset = Number(process.env['E2E_PORT_OFFSET'] ?? 0) + APART_FROM_E2E;
  const progress = (line: string) => process.stdout.write(`[keycloak e2e setup] ${line}\n`);
  const secrets = generateSecrets();
  const logDir = join(REPO_ROOT, 'test-artifacts', `logs-keycloak-${offset}`);
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const postgresUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databasePrefix = `client_gate_keycloak_test${offset}_`;
  const deskPort = 13000 + offset;
  const clientSecret = randomBytes(24).toString('base64url');

  // The broker before Keycloak: on a busy machine Keycloak's start takes minutes of CPU, and the broker's start has
  // a minute at most.
  let broker: BrokerHandle | undefined;
  if (!process.env['KAFKA_BROKERS']) {
    progress('starting Kafka (KRaft, single node)…');
    broker = await startBroker({ port: 29092 + offset, controllerPort: 29093 + offset, dataDir: mkdtempSync(join(tmpdir(), 'client-gate-kafka-')) });
  }
  const kafkaBrokers = process.env['KAFKA_BROKERS'] ?? broker!.brokers;

  const keycloakDatabase = `${databasePrefix}keycloak`;
  await ensureDatabases(postgresUrl, [keycloakDatabase], { recreate: true });
  const server = new URL(postgresUrl);
  const keycloak = await startKeycloak({
    httpPort: 18180 + offset,
    managementPort: 19100 + offset,
    database: { host: server.hostname, port: Number(server.port || 5432), name: keycloakDatabase, user: decodeURIComponent(server.username) || 'postgres', password: decodeURIComponent(server.password) || undefined },
    realmEnv: { CLIENT_GATE_DESK_URL: `http://localhost:${deskPort}`, CLIENT_GATE_DESK_CLIENT_SECRET: clientSecret, CLIENT_GATE_OFFICER_PASSWORD: DESK_PASSWORD },
    logFile: join(logDir, 'keycloak.log'),
    progress,
  }).catch(async (error: unknown) => {
    await broker?.stop();
    throw error;
  });
  const keycloakUp = (Date.now() - started) / 1000;
  progress(`Keycloak up in ${keycloakUp.toFixed(1)} s (${keycloak.issuer})`);

  try {
    const system = await launchSystem({
      runtime: 'compiled',
      kafkaBrokers,
      kafkaPort: 29092 + offset,
      kafkaControllerPort: 29093 + offset,
      postgresUrl,
      databasePrefix,
      recreateDatabases: true,
      smtpPort: 2525 + offset,
      mailWebPort: 2580 + offset,
      servicePorts: { intake: 13001 + offset, registry: 13002 + offset, activation: 13003 + offset, notifications: 13004 + offset },
      desk: {
        port: deskPort,
        provider: {
          issuer: keycloak.issuer,
          clientSecret,
          // Keycloak's access tokens are typed `JWT` (not RFC 9068's `at+jwt`) and name the officer in preferred_username.
          env: { OIDC_OFFICER_CLAIM: 'preferred_username', OIDC_ACCESS_TOKEN_TYPE: 'JWT' },
        },
      },
      secrets,
      logDir,
      logLevel: 'info',
      progress,
    });
    const stopSystem = system.stop;
    globalThis.__SYSTEM__ = {
      ...system,
      stop: async () => {
        await stopSystem();
        await keycloak.stop();
        await broker?.stop();
      },
    };
    handToTests(globalThis.__SYSTEM__, secrets, logDir, KEYCLOAK_ACCESS_TOKEN_LIFESPAN_SECONDS);
  } catch (error) {
    await keycloak.stop();
    await broker?.stop();
    throw error;
  }
  progress(`system up in ${((Date.now() - started) / 1000).toFixed(1)} s (Keycloak ${keycloakUp.toFixed(1)} s of it)`);
}
