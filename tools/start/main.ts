import { join, resolve } from 'node:path';
import { launchSystem, LOCAL_DIR } from '../system/launch';
import { installMissing, JAVA, MAVEN } from '../system/prerequisites';
import { loadOrCreateSecrets } from '../system/secrets';
import { SERVICE_NAMES } from '../system/services';
import { DEMO_OFFICERS, DEMO_PASSWORD } from '../oidc-dev-provider/officers';

/**
 * `npm start [-- --port-offset N --local-dir DIR]`: the whole platform on embedded defaults (SPEC §7). KAFKA_BROKERS,
 * DATABASE_URL (a server: one database per service is created on it) and SMTP_URL point it at existing
 * infrastructure instead. `--port-offset` moves every port and `--local-dir` the data, logs and secrets (default
 * .local), so that a second copy (`npm run bench:startup` measures one) runs beside the first.
 */
async function main() {
  const started = Date.now();
  const { portOffset, localDir } = startOptions(process.argv.slice(2));
  const port = (base: number) => base + portOffset;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // The local broker needs Java and Maven (its jars are fetched when it starts); a given KAFKA_BROKERS does not.
  const missing = installMissing(process.env['KAFKA_BROKERS'] ? [] : [JAVA, MAVEN]);
  if (missing) {
    process.stderr.write(`${missing}\n`);
    process.exit(1);
  }
  const system = await launchSystem({
    // What ships (nx build, cached): the compiled apps take about half the memory of ts-node's.
    runtime: 'compiled',
    lean: true,
    kafkaBrokers: process.env['KAFKA_BROKERS'],
    kafkaPort: port(9092),
    kafkaControllerPort: port(9093),
    kafkaDataDir: localDir === LOCAL_DIR ? undefined : join(localDir, 'kafka', 'data'),
    postgresUrl: process.env['DATABASE_URL'],
    databasePrefix: 'client_gate_',
    recreateDatabases: false,
    pglitePorts: { intake: port(5441), registry: port(5442), activation: port(5443), notifications: port(5444) },
    pgliteDir: join(localDir, 'pglite'),
    smtpUrl: process.env['SMTP_URL'],
    smtpPort: port(1025),
    mailWebPort: port(1080),
    servicePorts: { intake: port(3001), registry: port(3002), activation: port(3003), notifications: port(3004) },
    desk: { port: port(3000), identityProviderPort: port(3005), pglitePort: port(5440) },
    secrets: loadOrCreateSecrets(join(localDir, 'dev-secrets.json')),
    logDir: join(localDir, 'logs'),
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
  log(`  ${'logs'.padEnd(14)} ${join(localDir, 'logs')}`);
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

function startOptions(args: string[]): { portOffset: number; localDir: string } {
  const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const portOffset = Number(value('--port-offset') ?? 0);
  if (!Number.isInteger(portOffset) || portOffset < 0 || portOffset > 10_000) {
    throw new Error('usage: npm start [-- --port-offset N (0 to 10000) --local-dir DIR]');
  }
  return { portOffset, localDir: resolve(value('--local-dir') ?? LOCAL_DIR) };
}

main().catch((error: Error) => {
  process.stderr.write(`npm start failed: ${error.message}\n`);
  process.exit(1);
});
