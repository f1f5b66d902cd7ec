import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ZodType } from 'zod';

/**
 * No Docker engine runs here, so this checks what can be checked without one: that docker-compose.yml and the
 * Dockerfile agree with the apps' build targets and with what each service requires at start.
 */
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
}
const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };
const dockerfile = read('tools/docker/Dockerfile');

interface BuildTarget {
  executor: string;
  options: { main: string; outputPath: string; esbuildConfig: string };
}
/** Every app with a build target, by its project.json. */
const APPS: { name: string; build: BuildTarget }[] = readdirSync(join(ROOT, 'apps'))
  .filter((name) => existsSync(join(ROOT, 'apps', name, 'project.json')))
  .map((name) => ({ name, build: JSON.parse(read(`apps/${name}/project.json`)).targets?.build as BuildTarget }))
  .filter((app) => app.build !== undefined);

/** The environment schema an app validates at start (its `config.ts` exports one `…EnvSchema`). */
function envSchemaOf(app: string): ZodType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the apps are read as data here, by path
  const config = require(join(ROOT, 'apps', app, 'src', 'config.ts')) as Record<string, unknown>;
  const schemas = Object.entries(config).filter(([name]) => name.endsWith('EnvSchema'));
  expect(schemas).toHaveLength(1);
  return schemas[0][1] as ZodType;
}

/** Secrets an operator must give (`${VAR:?…}`), with values of their own as `.env.example` says to make them. */
const OPERATOR_SECRETS: Record<string, string> = {
  STAFF_TOKEN_SECRET: randomBytes(48).toString('base64'),
  CODE_HASH_KEY: randomBytes(32).toString('base64'),
  CODE_SEALING_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  PAGE_CSRF_KEY: randomBytes(32).toString('base64'),
  FACTOR_SEALING_KEYS: `f1:${randomBytes(32).toString('base64')}`,
  DESK_SESSION_KEY: randomBytes(32).toString('base64'),
  OIDC_ISSUER: 'https://sso.example.gov/realms/consular',
  OIDC_CLIENT_SECRET: randomBytes(32).toString('base64url'),
  DESK_PUBLIC_URL: 'https://desk.example.gov',
};

/** Issue 19: the production shape, a cluster of three Kafka nodes. */
const KAFKA_NODES = ['kafka-1', 'kafka-2', 'kafka-3'];

/** The desk has no broker (its database holds only sessions): it waits for the staff APIs and its database (R25). */
const WITHOUT_BROKER = new Set(['desk']);

/** Compose's interpolation: `${VAR:?message}` needs VAR, `${VAR:-default}` falls back, `${VAR}` may be empty. */
function interpolate(value: string | number, given: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_match, name: string, kind?: string, rest?: string) => {
    if (given[name] !== undefined) return given[name];
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? rest! : '';
  });
}

/** The Dockerfile's stages, each from its FROM line on. */
const stages = dockerfile.split(/^(?=FROM )/m).filter((stage) => stage.startsWith('FROM '));
const runtime = stages[stages.length - 1];

describe('deployment files (docker-compose.yml, tools/docker/Dockerfile)', () => {
  it('finds the apps with build targets', () => {
    expect(APPS.map((app) => app.name)).toEqual(expect.arrayContaining(['intake', 'registry', 'activation', 'notifications']));
  });

  it('compose builds every app from the Dockerfile, naming it in the SERVICE build argument', () => {
    for (const { name } of APPS) {
      expect({ name, build: compose.services[name]?.build }).toEqual({ name, build: { context: '.', dockerfile: 'tools/docker/Dockerfile', args: { SERVICE: name } } });
    }
    const built = Object.entries(compose.services).filter(([, service]) => service.build);
    for (const [name, service] of built) expect({ name, app: APPS.some((app) => app.name === service.build!.args?.['SERVICE']) }).toEqual({ name, app: true });
    for (const stage of stages) expect(stage).toMatch(/^ARG SERVICE$/m);
  });

  it('every service has a health check, and each app starts after the broker, the database and what else it needs are healthy', () => {
    for (const [name, service] of Object.entries(compose.services)) expect({ name, test: Boolean(service.healthcheck?.test) }).toEqual({ name, test: true });
    for (const { name } of APPS) {
      const dependsOn = compose.services[name].depends_on ?? {};
      expect(Object.keys(dependsOn)).toEqual(expect.arrayContaining(WITHOUT_BROKER.has(name) ? ['postgres', 'intake', 'registry'] : [...KAFKA_NODES, 'postgres']));
      for (const [dependency, { condition }] of Object.entries(dependsOn)) expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
    }
    expect(Object.keys(compose.services['notifications'].depends_on!)).toContain('mail');
  });

  it.each(APPS.map((app) => app.name))('%s: compose gives every variable its config schema requires, and the whole environment passes it in production', (name) => {
    const schema = envSchemaOf(name);
    const environment = Object.fromEntries(
      Object.entries(compose.services[name].environment ?? {}).map(([key, value]) => [key, interpolate(value, OPERATOR_SECRETS)]),
    );
    // What the schema requires: the variables it names when given nothing but production.
    const missing = schema.safeParse({ NODE_ENV: 'production' });
    expect(missing.success).toBe(false);
    const required = [...new Set(missing.error!.issues.map((issue) => String(issue.path[0])))];
    expect(required).toContain(WITHOUT_BROKER.has(name) ? 'OIDC_ISSUER' : 'KAFKA_BROKERS');
    expect(Object.keys(environment)).toEqual(expect.arrayContaining(required));
    const parsed = schema.safeParse(environment);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(environment['NODE_ENV']).toBe('production');
    // The image's health check asks the service on its PORT, which compose publishes.
    expect(compose.services[name].ports).toContain(`${environment['PORT']}:${environment['PORT']}`);
  });

  it('runs Kafka as three combined controller+broker nodes of one cluster, each advertising its own name (issue 19)', () => {
    expect(Object.keys(compose.services).filter((name) => name.startsWith('kafka'))).toEqual(KAFKA_NODES);
    const environments = KAFKA_NODES.map((name) => compose.services[name].environment!);
    expect(environments.map((env) => env['KAFKA_NODE_ID'])).toEqual([1, 2, 3]);
    expect(environments.map((env) => env['KAFKA_ADVERTISED_LISTENERS'])).toEqual(KAFKA_NODES.map((name) => `PLAINTEXT://${name}:9092`));
    for (const env of environments) {
      expect(env['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
      expect(env['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBe('1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093');
      // Formatted as one cluster: the same id, a Kafka Uuid (16 bytes, base64url).
      expect(Buffer.from(String(env['CLUSTER_ID']), 'base64url')).toHaveLength(16);
      expect(env['CLUSTER_ID']).toBe(environments[0]['CLUSTER_ID']);
    }
    expect(new Set(KAFKA_NODES.map((name) => compose.services[name].volumes![0].split(':')[0])).size).toBe(3);
  });

  it('every topic, Kafka\'s own too, has 3 copies and 2 in sync: the brokers\' defaults and the services\' settings agree (issue 19)', () => {
    for (const name of KAFKA_NODES) {
      expect(compose.services[name].environment).toMatchObject({
        KAFKA_DEFAULT_REPLICATION_FACTOR: 3,
        KAFKA_MIN_INSYNC_REPLICAS: 2,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3,
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 3,
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 2,
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: 3,
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: 2,
      });
    }
    for (const { name } of APPS.filter((app) => !WITHOUT_BROKER.has(app.name))) {
      const parsed = envSchemaOf(name).parse(
        Object.fromEntries(Object.entries(compose.services[name].environment ?? {}).map(([key, value]) => [key, interpolate(value, OPERATOR_SECRETS)])),
      ) as { KAFKA_BROKERS: string[]; KAFKA_REPLICATION_FACTOR: number; KAFKA_MIN_INSYNC_REPLICAS: number };
      expect({ name, brokers: parsed.KAFKA_BROKERS, replication: parsed.KAFKA_REPLICATION_FACTOR, minInsync: parsed.KAFKA_MIN_INSYNC_REPLICAS }).toEqual({
        name,
        brokers: KAFKA_NODES.map((node) => `${node}:9092`),
        replication: 3,
        minInsync: 2,
      });
    }
  });

  it('the secrets have no default in compose: it refuses to start without them, and .env.example names each', () => {
    const required = [...composeText.matchAll(/\$\{(\w+):\?/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(Object.keys(OPERATOR_SECRETS)));
    for (const name of Object.keys(OPERATOR_SECRETS)) {
      expect([...composeText.matchAll(new RegExp(`\\$\\{${name}(?!:\\?)`, 'g'))]).toEqual([]);
      expect(() => interpolate(`\${${name}:?set it}`, {})).toThrow(name);
    }
    const example = read('.env.example');
    for (const name of Object.keys(OPERATOR_SECRETS)) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  it('the image is multi-stage: it builds the app, then runs its build output as a non-root user with production dependencies only', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^FROM \S+ AS build$/m);
    expect(stages[0]).toMatch(/^RUN .*nx build "\$\{SERVICE\}"$/m);
    expect(runtime).toMatch(/^RUN npm ci --omit=dev/m);
    expect(runtime).toMatch(/^COPY --from=build \/workspace\/dist\/apps\/\$\{SERVICE\} \.\/dist\/apps\/\$\{SERVICE\}$/m);
    expect(runtime).not.toMatch(/^COPY (?!package\.json|--from=build)/m);
    const user = runtime.match(/^USER (\S+)$/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/^HEALTHCHECK .*\\\n\s+CMD .*\/health\/ready/m);
  });

  it('every npm package the apps and libraries import is a production dependency (the image installs only those)', () => {
    const { dependencies } = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const sources = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [join(dir, entry.name)] : [],
      );
    const roots = [...APPS.map((app) => `apps/${app.name}/src`), ...readdirSync(join(ROOT, 'libs')).map((lib) => `libs/${lib}/src`)];
    const imported = new Set(
      roots.flatMap(sources).flatMap((file) =>
        [...read(file).matchAll(/^(?:import|export)(?! type)[^'"]*?from '([^'./][^']*)'|^import '([^'./][^']*)'/gm)]
          .map((match) => match[1] ?? match[2])
          .filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('@client-gate/'))
          .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')),
      ),
    );
    expect(imported.size).toBeGreaterThan(10);
    // express is installed with @nestjs/platform-express (a dependency), which decides its version.
    const missing = [...imported].filter((name) => !dependencies[name] && name !== 'express');
    expect(missing).toEqual([]);
  });

  it.each(APPS.map((app) => app.name))('%s: the image starts the file its build target writes', (name) => {
    const { build } = APPS.find((app) => app.name === name)!;
    expect(build.executor).toBe('@nx/esbuild:esbuild');
    // @nx/esbuild names CommonJS output `.cjs` unless the esbuild config maps `.js` to `.js` (read as text: it loads ESM plugins).
    const extension = /outExtension: \{ '\.js': '\.js' \}/.test(read(build.options.esbuildConfig)) ? '.js' : '.cjs';
    const written = join(build.options.outputPath, build.options.main.replace(/^.*\//, '').replace(/\.ts$/, extension));
    const cmd = JSON.parse(runtime.match(/^CMD (\[.*\])$/m)![1]) as string[];
    const started = cmd.join(' ').match(/node (\S+\.js)/)![1].replace(/\$\{SERVICE\}/g, name);
    expect(started).toBe(written);
    expect(runtime.match(/^WORKDIR (\S+)$/m)![1]).toBe('/app');
  });
});
