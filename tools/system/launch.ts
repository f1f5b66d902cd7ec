import { join } from 'node:path';
import { BrokerHandle, startBroker } from '../kafka/broker';
import { startMailDev } from '../infra/maildev';
import { startEmbeddedPostgres } from '../infra/pglite';
import { ensureDatabases } from '../infra/postgres';
import { DevSecrets } from './secrets';
import { buildServices, RunningService, SERVICE_NAMES, ServiceName, ServiceRuntime, spawnService, waitUntilReady } from './services';

export interface LaunchOptions {
  /** `compiled` builds the services first (Nx, cached) and runs their JavaScript; `ts-node` runs the sources. */
  runtime: ServiceRuntime;
  /** Use this broker rather than starting one. */
  kafkaBrokers?: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  kafkaDataDir?: string;
  /** A Postgres server URL: one database per service is created on it. Without it, one PGlite per service. */
  postgresUrl?: string;
  databasePrefix: string;
  recreateDatabases: boolean;
  pglitePorts?: Record<ServiceName, number>;
  /** Use this SMTP server rather than starting MailDev. */
  smtpUrl?: string;
  smtpPort: number;
  mailWebPort: number;
  servicePorts: Record<ServiceName, number>;
  secrets: DevSecrets;
  logDir: string;
  logLevel: string;
  progress?: (line: string) => void;
}

export interface RunningSystem {
  runtime: ServiceRuntime;
  kafkaBrokers: string;
  smtpUrl: string;
  mailApiUrl?: string;
  databases: Record<ServiceName, string>;
  services: Record<ServiceName, RunningService>;
  serviceEnv: Record<ServiceName, NodeJS.ProcessEnv>;
  /** kill -9 one service and start it again (fault injection); resolves when it is ready. */
  killAndRestart(name: ServiceName): Promise<void>;
  /** Stops the local broker (SIGTERM) and starts it again on the same data; only when launchSystem started it. */
  restartBroker(): Promise<void>;
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
  const built = options.runtime === 'compiled' ? buildServices() : Promise.resolve();
  built.catch(() => undefined); // a failure is thrown where it is awaited
  try {
    if (options.runtime === 'compiled') progress('building the services (nx build, cached)…');
    let kafkaBrokers = options.kafkaBrokers;
    let broker: BrokerHandle | undefined;
    const brokerOptions = { port: options.kafkaPort, controllerPort: options.kafkaControllerPort, dataDir: options.kafkaDataDir };
    if (!kafkaBrokers) {
      progress('starting Kafka (KRaft, single node)…');
      broker = await startBroker(brokerOptions);
      stops.push(() => broker!.stop()); // reads `broker` when called: a restarted broker is the one stopped
      kafkaBrokers = broker.brokers;
    }

    const databases = {} as Record<ServiceName, string>;
    let poolMax = process.env['DATABASE_POOL_MAX'] ?? '10';
    if (options.postgresUrl) {
      progress('creating databases…');
      const names = SERVICE_NAMES.map((name) => `${options.databasePrefix}${name}`);
      const urls = await ensureDatabases(options.postgresUrl, names, { recreate: options.recreateDatabases });
      for (const name of SERVICE_NAMES) databases[name] = urls[`${options.databasePrefix}${name}`];
    } else {
      progress('starting embedded Postgres (PGlite, one per service)…');
      // PGlite serves one connection at a time; a second one would be refused.
      poolMax = '1';
      for (const name of SERVICE_NAMES) {
        const embedded = await startEmbeddedPostgres({ name, port: options.pglitePorts![name] });
        stops.push(() => embedded.stop());
        databases[name] = embedded.url;
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

    const common: NodeJS.ProcessEnv = {
      NODE_ENV: 'development',
      KAFKA_BROKERS: kafkaBrokers,
      DATABASE_POOL_MAX: poolMax,
      CLOCK: 'controllable',
      LOG_LEVEL: options.logLevel,
      STAFF_TOKEN_SECRET: options.secrets.STAFF_TOKEN_SECRET,
    };
    const serviceEnv: Record<ServiceName, NodeJS.ProcessEnv> = {
      intake: { ...common, DATABASE_URL: databases.intake },
      registry: { ...common, DATABASE_URL: databases.registry },
      activation: {
        ...common,
        DATABASE_URL: databases.activation,
        CODE_HASH_KEY: options.secrets.CODE_HASH_KEY,
        CODE_SEALING_KEYS: options.secrets.CODE_SEALING_KEYS,
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
    return { runtime: options.runtime, kafkaBrokers: kafkaBrokers!, smtpUrl, mailApiUrl, databases, services, serviceEnv, killAndRestart, restartBroker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const LOCAL_DIR = join(__dirname, '..', '..', '.local');
