import { Topic } from '@client-gate/contracts';
import { kafkaFor } from '@client-gate/tools/ops/kafka-ops';
import { ensureDatabases } from '@client-gate/tools/infra/postgres';
import { RunningService, spawnService, waitUntilReady } from '@client-gate/tools/system/services';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eEnvironment } from './support/environment';
import { metrics, sample } from './support/metrics';
import { waitFor } from './support/wait-for';

/**
 * Issue 19: every topic gets the configured replication and min.insync.replicas; a topic below the settings is
 * reported at start (a metric and a warning), and in production the service refuses to start. On the suite's one
 * broker, "below" is asked for: an intake instance of its own (own database) is told to want 2 copies.
 */
describe('Kafka replication settings', () => {
  const environment = e2eEnvironment();
  const offset = Number(process.env['E2E_PORT_OFFSET'] ?? 0);
  // A folder per run: the logs are read for what this run's instances said.
  const logDir = join(environment.logDir, 'kafka-replication', String(Date.now()));
  let admin: Admin;
  let database: string;
  const started: RunningService[] = [];

  const minInsyncReplicas = async (topics: string[]) => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] })),
    });
    return Object.fromEntries(
      resources.map(({ resourceName, configEntries }) => {
        const entry = configEntries.find(({ configName }) => configName === 'min.insync.replicas')!;
        // configSource 1: set on the topic itself, not the broker's default.
        return [resourceName, { value: entry.configValue, onTopic: entry.configSource === 1 }];
      }),
    );
  };
  const intakeWanting = (port: number, env: NodeJS.ProcessEnv) => {
    const environmentName = env['NODE_ENV'] ?? 'development';
    const service = spawnService('intake', environment.runtime, { ...environment.serviceEnv.intake, DATABASE_URL: database, KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '2', ...env }, join(logDir, environmentName), port);
    started.push(service);
    return service;
  };

  beforeAll(async () => {
    admin = kafkaFor(environment.kafkaBrokers.split(',')).admin();
    await admin.connect();
    const name = `client_gate_test${offset}_replication`;
    const server = new URL(environment.databases.intake);
    server.pathname = '/postgres';
    database = (await ensureDatabases(server.toString(), [name], { recreate: true }))[name];
  });
  afterAll(async () => {
    for (const service of started) await service.stop();
    await admin.disconnect();
  });

  it('creates every topic, the compacted clock too, with the configured copies (one broker: 1) and min.insync.replicas set on the topic', async () => {
    const topics = Object.values(Topic);
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    expect(Object.fromEntries(metadata.map(({ name, partitions }) => [name, [...new Set(partitions.map(({ replicas }) => replicas.length))]]))).toEqual(
      Object.fromEntries(topics.map((topic) => [topic, [1]])),
    );
    expect(await minInsyncReplicas(topics)).toEqual(Object.fromEntries(topics.map((topic) => [topic, { value: '1', onTopic: true }])));
  });

  it('reports every topic below the settings, Kafka\'s own offsets topic too, and never raises min.insync.replicas above a topic\'s copies', async () => {
    const intake = intakeWanting(13710 + offset, {});
    await waitUntilReady(intake);
    const text = await metrics(new URL(intake.url));
    for (const topic of [...Object.values(Topic), '__consumer_offsets']) {
      expect({ topic, shortfall: sample(text, 'kafka_topic_replication_shortfall', { topic }) }).toEqual({ topic, shortfall: 1 });
    }
    const warnings = readFileSync(intake.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('topic below the replication settings'));
    expect(warnings.join('\n')).toContain(`${Topic.IntakeApplication}: 1 replicas, KAFKA_REPLICATION_FACTOR is 2; min.insync.replicas 1, KAFKA_MIN_INSYNC_REPLICAS is 2`);
    // 2 would refuse every write to a one-copy topic: the topics keep 1, and the suite's services go on writing.
    expect((await minInsyncReplicas([Topic.IntakeApplication]))[Topic.IntakeApplication]).toEqual({ value: '1', onTopic: true });
    // It joined intake's consumer group: leave it at once (the suite runs one file at a time, nothing is in flight).
    await intake.stop();
  }, 180_000);

  it('in production, refuses to start, naming the topics below the settings', async () => {
    const intake = intakeWanting(13711 + offset, {
      NODE_ENV: 'production',
      CLOCK: 'system',
      DEVELOPMENT_STAFF_TOKENS: 'refuse',
      STAFF_TOKEN_SECRET: randomBytes(32).toString('base64'),
      OIDC_ISSUER: 'https://identity.example.org',
    });
    const exitCode = await new Promise<number | null>((resolve) => intake.process.once('exit', (code) => resolve(code)));
    expect(exitCode).toBe(1);
    const log = await waitFor('the refusal in the log', async () => {
      const text = readFileSync(intake.logFile, 'utf8');
      return text.includes('did not start') ? text : undefined;
    });
    expect(log).toMatch(new RegExp(`intake did not start: refused in production: topics below the replication settings: .*${Topic.IntakeApplication.replace(/\./g, '\\.')}: 1 replicas, KAFKA_REPLICATION_FACTOR is 2`));
  }, 180_000);
});
