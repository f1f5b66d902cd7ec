import { join } from 'node:path';
import { BrokerHandle, startBroker } from '../kafka/broker';
import { ClusterHandle, startCluster } from '../kafka/cluster';
import { startMailDev } from '../infra/maildev';
import { startEmbeddedPostgres } from '../infra/pglite';
import { ensureDatabases } from '../infra/postgres';
import { DevSecrets } from './secrets';
import { buildServices, bundleTool, REPO_ROOT, RunningService, SERVICE_NAMES, ServiceName, ServiceRuntime, spawnService, waitUntilReady } from './services';

export interface LaunchOptions {
  /** `compiled` builds the services first (Nx, cached) and runs their JavaScript; `ts-node` runs the sources. */
  runtime: ServiceRuntime;
  /** Use this broker rather than starting one. */
  kafkaBrokers?: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  kafkaDataDir?: string;
  /** More than 1: a cluster of that many nodes on kafkaPort… and kafkaControllerPort… (`tools/kafka/cluster.ts`; needs kafkaDataDir). */
  kafkaNodes?: number;
  /** A Postgres server URL: one database per service is created on it. Without it, one PGlite per service. */
  postgresUrl?: string;
  databasePrefix: string;
  recreateDatabases: boolean;
  pglitePorts?: Record<ServiceName, number>;
  /** Where each PGlite keeps its data (default .local/pglite). */
  pgliteDir?: string;
  /**
   * A development footprint (`npm start`): smaller PGlite buffers, a smaller broker heap and capped V8 heaps,
   * for a machine that runs it beside an editor, not for load.
   */
  lean?: boolean;
  /** Use this SMTP server rather than starting MailDev. */
  smtpUrl?: string;
  smtpPort: number;
  mailWebPort: number;
  servicePorts: Record<ServiceName, number>;
  /**
   * The officers' desk and the development identity provider it signs them in through (bench and chaos go without);
   * the desk's database (its sessions) is `<databasePrefix>desk`, or a PGlite on `pglitePort`.
   */
  desk?: { port: number; identityProviderPort?: number; pglitePort?: number; accessTokenTtlSeconds?: number; provider?: ExternalProvider };
  secrets: DevSecrets;
  logDir: string;
  logLevel: string;
  /** CONSUMER_STALL_SECONDS of every service (default: the services' own, 60): the alert e2e test waits for a stall. */
  consumerStallSeconds?: number;
  progress?: (line: string) => void;
}

/** A provider already running (Keycloak) in place of the development one: the desk signs in through it, the staff APIs take its tokens. */
export interface ExternalProvider {
  issuer: string;
  /** The desk's client secret there (the client is DESK_CLIENT_ID). */
  clientSecret: string;
  /** What else the desk and the staff APIs need for it (OIDC_OFFICER_CLAIM, OIDC_ACCESS_TOKEN_TYPE, …). */
  env: NodeJS.ProcessEnv;
}

export interface RunningSystem {
  runtime: ServiceRuntime;
  kafkaBrokers: string;
  smtpUrl: string;
  mailApiUrl?: string;
  databases: Record<ServiceName, string>;
  /** The desk's own database (its sessions), when the desk runs. */
  deskDatabase?: string;
  services: Record<ServiceName, RunningService>;
  serviceEnv: Record<ServiceName, NodeJS.ProcessEnv>;
  desk?: RunningService;
  /** The desk's environment, to start another instance of it. */
  deskEnv?: NodeJS.ProcessEnv;
  identityProvider?: { issuer: string; audience: string };
  /** kill -9 one service and start it again (fault injection); resolves when it is ready. */
  killAndRestart(name: ServiceName): Promise<void>;
  /** Stops the local broker (SIGTERM) and starts it again on the same data; only when launchSystem started it. */
  restartBroker(): Promise<void>;
  /** The local broker's JVM (freeze faults); undefined when the broker was given. */
  brokerPid(): number | undefined;
  /** The local cluster, when kafkaNodes > 1. */
  kafkaCluster?: ClusterHandle;
  stop(): Promise<void>;
}

/**
 * Brings the whole platform up on this machine: broker, databases, mail sink and the four services,
 * each service in its own process. `npm start` and the end-to-end tests both use it.
 */
export async function launchSystem(options: LaunchOptions): Promise<RunningSystem> {
  const progress = options.progress ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
  };
  // Built while the infrastructure starts; awaited before the first service is spawned.
  const built = options.runtime === 'compiled' ? buildServices(options.desk ? [...SERVICE_NAMES, 'desk'] : SERVICE_NAMES) : Promise.resolve();
  built.catch(() => undefined); // a failure is thrown where it is awaited
  try {
    if (options.runtime === 'compiled') progress('building the services (nx build, cached)…');
    let kafkaBrokers = options.kafkaBrokers;
    let broker: BrokerHandle | undefined;
    let kafkaCluster: ClusterHandle | undefined;
    const brokerOptions = {
      port: options.kafkaPort,
      controllerPort: options.kafkaControllerPort,
      dataDir: options.kafkaDataDir,
      ...(options.lean && { heapOpts: LEAN_BROKER_JVM }),
    };
    if (!kafkaBrokers && (options.kafkaNodes ?? 1) > 1) {
      progress(`starting Kafka (KRaft, ${options.kafkaNodes} nodes)…`);
      kafkaCluster = await startCluster({ nodes: options.kafkaNodes!, port: options.kafkaPort, controllerPort: options.kafkaControllerPort, dataDir: options.kafkaDataDir!, logDir: join(options.logDir, 'kafka') });
      stops.push(() => kafkaCluster!.stop());
      kafkaBrokers = kafkaCluster.brokers;
    } else if (!kafkaBrokers) {
      progress('starting Kafka (KRaft, single node)…');
      broker = await startBroker(brokerOptions);
      stops.push(() => broker!.stop()); // reads `broker` when called: a restarted broker is the one stopped
      kafkaBrokers = broker.brokers;
    }

    const pgliteDataDir = (name: string) => (options.pgliteDir ? join(options.pgliteDir, name) : undefined);
    const databases = {} as Record<ServiceName, string>;
    let deskDatabase: string | undefined;
    let poolMax = process.env['DATABASE_POOL_MAX'] ?? '10';
    if (options.postgresUrl) {
      progress('creating databases…');
      const names = [...SERVICE_NAMES, ...(options.desk ? ['desk'] : [])].map((name) => `${options.databasePrefix}${name}`);
      const urls = await ensureDatabases(options.postgresUrl, names, { recreate: options.recreateDatabases });
      for (const name of SERVICE_NAMES) databases[name] = urls[`${options.databasePrefix}${name}`];
      if (options.desk) deskDatabase = urls[`${options.databasePrefix}desk`];
    } else {
      progress('starting embedded Postgres (PGlite, one per service)…');
      // PGlite serves one connection at a time; a second one would be refused.
      poolMax = '1';
      for (const name of SERVICE_NAMES) {
        const embedded = await startEmbeddedPostgres({ name, port: options.pglitePorts![name], dataDir: pgliteDataDir(name) });
        stops.push(() => embedded.stop());
        databases[name] = embedded.url;
      }
      if (options.desk) {
        const embedded = await startEmbeddedPostgres({ name: 'desk', port: options.desk.pglitePort!, dataDir: pgliteDataDir('desk') });
        stops.push(() => embedded.stop());
        deskDatabase = embedded.url;
      }
    }

    let smtpUrl = options.smtpUrl;
    let mailApiUrl: string | undefined;
    if (!smtpUrl) {
      progress('starting MailDev…');
      const mail = await startMailDev({ smtpPort: options.smtpPort, webPort: options.mailWebPort, silent: true });
      stops.push(() => mail.stop());
      smtpUrl = mail.smtpUrl;
      mailApiUrl = mail.apiUrl;
    }

    const external = options.desk?.provider;
    const identityProvider = external
      ? { issuer: external.issuer, audience: STAFF_API_AUDIENCE }
      : options.desk && (await startIdentityProvider(options.desk, options, stops));
    if (!external) progress(identityProvider ? 'started the development identity provider' : 'no identity provider');

    const common: NodeJS.ProcessEnv = {
      NODE_ENV: 'development',
      KAFKA_BROKERS: kafkaBrokers,
      DATABASE_POOL_MAX: poolMax,
      CLOCK: 'controllable',
      LOG_LEVEL: options.logLevel,
      ...(options.lean && { NODE_OPTIONS: LEAN_NODE_OPTIONS }),
      ...(options.consumerStallSeconds && { CONSUMER_STALL_SECONDS: String(options.consumerStallSeconds) }),
      STAFF_TOKEN_SECRET: options.secrets.STAFF_TOKEN_SECRET,
      // The ops CLI's staff tokens: npm start, the tests, bench and chaos use them.
      DEVELOPMENT_STAFF_TOKENS: 'accept',
      ...(identityProvider && { OIDC_ISSUER: identityProvider.issuer, OIDC_AUDIENCE: identityProvider.audience, OIDC_CLIENT_ID: DESK_CLIENT_ID }),
      ...external?.env,
    };
    const serviceEnv: Record<ServiceName, NodeJS.ProcessEnv> = {
      intake: { ...common, DATABASE_URL: databases.intake },
      registry: { ...common, DATABASE_URL: databases.registry },
      activation: {
        ...common,
        DATABASE_URL: databases.activation,
        CODE_HASH_KEY: options.secrets.CODE_HASH_KEY,
        CODE_SEALING_KEYS: options.secrets.CODE_SEALING_KEYS,
        // Every local client comes from the host itself: its address is not locked as a whole (accounts still are).
        LOGIN_BACKOFF_EXEMPT_ADDRESSES: '127.0.0.1,::1',
        // R27: passkeys are bound to the origin browsers open the pages at (an IP address cannot be an RP ID).
        WEBAUTHN_ORIGIN: `http://localhost:${options.servicePorts.activation}`,
      },
      notifications: {
        ...common,
        DATABASE_URL: databases.notifications,
        SMTP_URL: smtpUrl,
        CODE_SEALING_KEYS: options.secrets.CODE_SEALING_KEYS,
        PUBLIC_ACTIVATION_URL: `http://localhost:${options.servicePorts.activation}`,
      },
    };

    await built;
    progress('starting services…');
    const services = {} as Record<ServiceName, RunningService>;
    for (const name of SERVICE_NAMES) {
      services[name] = spawnService(name, options.runtime, serviceEnv[name], options.logDir, options.servicePorts[name]);
      stops.push(() => services[name].stop());
    }
    await Promise.all(SERVICE_NAMES.map((name) => waitUntilReady(services[name])));

    let desk: RunningService | undefined;
    const deskEnvironment = options.desk && identityProvider ? { ...deskEnv(options, identityProvider, services), DATABASE_URL: deskDatabase, DATABASE_POOL_MAX: poolMax, ...(options.lean && { NODE_OPTIONS: LEAN_NODE_OPTIONS }) } : undefined;
    if (options.desk && deskEnvironment) {
      progress('starting the desk…');
      desk = spawnService('desk', options.runtime, deskEnvironment, options.logDir, options.desk.port);
      stops.push(() => desk!.stop());
      await waitUntilReady(desk);
    }

    const killAndRestart = async (name: ServiceName) => {
      services[name].process.kill('SIGKILL');
      await services[name].stop();
      services[name] = spawnService(name, options.runtime, serviceEnv[name], options.logDir, options.servicePorts[name]);
      await waitUntilReady(services[name]);
    };
    const restartBroker = async () => {
      if (!broker) throw new Error('the broker was given (KAFKA_BROKERS), not started here: it cannot be restarted');
      await broker.stop();
      broker = await startBroker(brokerOptions);
    };
    return {
      runtime: options.runtime,
      kafkaBrokers: kafkaBrokers!,
      smtpUrl,
      mailApiUrl,
      databases,
      deskDatabase,
      services,
      serviceEnv,
      deskEnv: deskEnvironment,
      desk: desk && { ...desk, url: deskUrl(options.desk!.port) },
      identityProvider,
      killAndRestart,
      restartBroker,
      brokerPid: () => broker?.pid,
      kafkaCluster,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// An idle broker and services need far less than these; under load (the bench, the tests) they run without caps.
// C1 alone: HotSpot's second compiler and its code cache cost memory that an idle broker does not repay.
const LEAN_BROKER_JVM = ['-Xms32m', '-Xmx256m', '-XX:TieredStopAtLevel=1'];
const LEAN_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=2';

const STAFF_API_AUDIENCE = 'urn:client-gate:staff-api';
const DESK_CLIENT_ID = 'client-gate-desk';
// `localhost` rather than 127.0.0.1: the issuer and the desk's redirect URIs are compared as strings.
const deskUrl = (port: number) => `http://localhost:${port}`;

async function startIdentityProvider(
  desk: NonNullable<LaunchOptions['desk']>,
  options: LaunchOptions,
  stops: (() => Promise<void>)[],
): Promise<RunningService & { issuer: string; audience: string }> {
  if (!desk.identityProviderPort) throw new Error('launchSystem: the desk needs identityProviderPort (the development provider) or provider');
  const issuer = `http://localhost:${desk.identityProviderPort}`;
  const entry = join('tools', 'oidc-dev-provider', 'main.ts');
  // A development tool, bundled like npm start's launcher when the apps run compiled.
  const compiled = options.runtime === 'compiled' ? await bundleTool(entry, 'identity-provider') : entry;
  const provider = spawnService(
    'identity-provider',
    options.runtime,
    {
      NODE_ENV: 'development',
      OIDC_ISSUER: issuer,
      OIDC_AUDIENCE: STAFF_API_AUDIENCE,
      OIDC_DEV_CLIENT_ID: DESK_CLIENT_ID,
      OIDC_DEV_CLIENT_SECRET: options.secrets.OIDC_DEV_CLIENT_SECRET,
      OIDC_DEV_REDIRECT_URIS: `${deskUrl(desk.port)}/auth/callback`,
      OIDC_DEV_POST_LOGOUT_REDIRECT_URIS: `${deskUrl(desk.port)}/signed-out`,
      OIDC_DEV_SIGNING_KEY: options.secrets.OIDC_DEV_SIGNING_KEY,
      ...(options.lean && { NODE_OPTIONS: LEAN_NODE_OPTIONS }),
      OIDC_DEV_COOKIE_KEY: options.secrets.OIDC_DEV_COOKIE_KEY,
      ...(desk.accessTokenTtlSeconds && { OIDC_DEV_ACCESS_TOKEN_TTL_SECONDS: String(desk.accessTokenTtlSeconds) }),
    },
    options.logDir,
    desk.identityProviderPort,
    { 'ts-node': entry, compiled },
  );
  stops.push(() => provider.stop());
  await waitUntilReady(provider, 60_000, 250, '/.well-known/openid-configuration');
  return { ...provider, url: issuer, issuer, audience: STAFF_API_AUDIENCE };
}

function deskEnv(
  options: LaunchOptions,
  provider: { issuer: string; audience: string },
  services: Record<ServiceName, RunningService>,
): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: options.logLevel,
    DESK_PUBLIC_URL: deskUrl(options.desk!.port),
    DESK_SESSION_KEY: options.secrets.DESK_SESSION_KEY,
    OIDC_ISSUER: provider.issuer,
    OIDC_AUDIENCE: provider.audience,
    OIDC_CLIENT_ID: DESK_CLIENT_ID,
    OIDC_CLIENT_SECRET: options.desk!.provider?.clientSecret ?? options.secrets.OIDC_DEV_CLIENT_SECRET,
    ...options.desk!.provider?.env,
    INTAKE_URL: services.intake.url,
    REGISTRY_URL: services.registry.url,
    PUBLIC_ACTIVATION_URL: `http://localhost:${options.servicePorts.activation}`,
  };
}

export const LOCAL_DIR = join(REPO_ROOT, '.local');
