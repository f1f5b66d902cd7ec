import { join } from 'node:path';
import { launchSystem, LOCAL_DIR } from '../system/launch';
import { installMissing, JAVA, MAVEN } from '../system/prerequisites';
import { loadOrCreateSecrets } from '../system/secrets';
import { SERVICE_NAMES } from '../system/services';
import { DEMO_OFFICERS, DEMO_PASSWORD } from '../oidc-dev-provider/officers';

/**
 * `npm start`: the whole platform on embedded defaults (SPEC §7). KAFKA_BROKERS, DATABASE_URL (a server:
 * one database per service is created on it) and SMTP_URL point it at existing infrastructure instead.
 */
async function main() {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // The local broker needs Java and Maven (its jars are fetched when it starts); a given KAFKA_BROKERS does not.
  const missing = installMissing(process.env['KAFKA_BROKERS'] ? [] : [JAVA, MAVEN]);
  if (missing) {
    process.stderr.write(`${missing}\n`);
    process.exit(1);
  }
  const system = await launchSystem({
    // The fast development path: no build step, the sources run as they are.
    runtime: 'ts-node',
    kafkaBrokers: process.env['KAFKA_BROKERS'],
    kafkaPort: 9092,
    kafkaControllerPort: 9093,
    postgresUrl: process.env['DATABASE_URL'],
    databasePrefix: 'client_gate_',
    recreateDatabases: false,
    pglitePorts: { intake: 5441, registry: 5442, activation: 5443, notifications: 5444 },
    smtpUrl: process.env['SMTP_URL'],
    smtpPort: 1025,
    mailWebPort: 1080,
    servicePorts: { intake: 3001, registry: 3002, activation: 3003, notifications: 3004 },
    desk: { port: 3000, identityProviderPort: 3005, pglitePort: 5440 },
    secrets: loadOrCreateSecrets(join(LOCAL_DIR, 'dev-secrets.json')),
    logDir: join(LOCAL_DIR, 'logs'),
    logLevel: process.env['LOG_LEVEL'] ?? 'info',
    progress: (line) => log(`… ${line}`),
  });

  log('');
  log(`Client Gate is up (${((Date.now() - started) / 1000).toFixed(1)} s):`);
  log(`  ${'desk'.padEnd(14)} ${system.desk!.url}   (officers sign in here)`);
  log(`  ${'identity (dev)'.padEnd(14)} ${system.identityProvider!.issuer}`);
  // R27: passkeys are bound to WEBAUTHN_ORIGIN, a host name (an IP address cannot be an RP ID).
  log(`  ${"clients' pages".padEnd(14)} http://localhost:${new URL(system.services.activation.url).port}/login   (clients sign in here)`);
  for (const name of SERVICE_NAMES) {
    log(`  ${name.padEnd(14)} ${system.services[name].url}   docs ${system.services[name].url}/docs`);
  }
  log(`  ${'kafka'.padEnd(14)} ${system.kafkaBrokers}`);
  log(`  ${'mail (SMTP)'.padEnd(14)} ${system.smtpUrl}`);
  if (system.mailApiUrl) log(`  ${'mail (web)'.padEnd(14)} ${system.mailApiUrl}   (GET /api/email)`);
  log(`  ${'databases'.padEnd(14)} ${process.env['DATABASE_URL'] ? 'client_gate_* on DATABASE_URL' : 'embedded PGlite in .local/pglite'}`);
  log(`  ${'logs'.padEnd(14)} ${join(LOCAL_DIR, 'logs')}`);
  log('');
  log(`Desk sign-in:    ${Object.entries(DEMO_OFFICERS).map(([id, officer]) => `${id} (${officer.consulate})`).join(', ')}, password ${DEMO_PASSWORD}`);
  log('A staff token:   npm run ops -- staff-token --officer officer-1 --consulate HU-KYIV');
  log('Ctrl-C stops everything.');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('\nstopping…');
    await system.stop();
    log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  for (const name of SERVICE_NAMES) {
    system.services[name].process.once('exit', (code) => {
      if (!stopping) log(`${name} exited (code ${code}); see ${system.services[name].logFile}`);
    });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`npm start failed: ${error.message}\n`);
  process.exit(1);
});
