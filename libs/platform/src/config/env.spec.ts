import { z } from 'zod';
import { ConfigError, portSchema, productionSecrets, readEnv, serviceEnvSchema } from './env';

const SECRET = 's'.repeat(32);
const minimal = {
  KAFKA_BROKERS: 'kafka-1:9092',
  DATABASE_URL: 'postgres://intake@db:5432/intake',
  STAFF_TOKEN_SECRET: SECRET,
};

function configErrorMessage(env: NodeJS.ProcessEnv, schema: z.ZodType = serviceEnvSchema): string {
  try {
    readEnv(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('readEnv(serviceEnvSchema) (SPEC §7: a missing or invalid value stops the service, naming it)', () => {
  it('SPEC §8: development staff tokens are taken only when DEVELOPMENT_STAFF_TOKENS=accept (NODE_ENV unset does not), and never in production', () => {
    expect(readEnv(serviceEnvSchema, minimal).DEVELOPMENT_STAFF_TOKENS).toBe('refuse');
    expect(readEnv(serviceEnvSchema, { ...minimal, DEVELOPMENT_STAFF_TOKENS: 'accept' }).DEVELOPMENT_STAFF_TOKENS).toBe('accept');
    expect(configErrorMessage({ ...minimal, NODE_ENV: 'production', STAFF_TOKEN_SECRET: 'p'.repeat(40), DEVELOPMENT_STAFF_TOKENS: 'accept' })).toContain(
      'DEVELOPMENT_STAFF_TOKENS is invalid: development staff tokens are refused in production',
    );
    expect(configErrorMessage({ ...minimal, DEVELOPMENT_STAFF_TOKENS: 'yes' })).toContain('DEVELOPMENT_STAFF_TOKENS is invalid');
  });

  it('applies the defaults when only the required variables are set', () => {
    expect(readEnv(serviceEnvSchema, minimal)).toEqual({
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
      KAFKA_BROKERS: ['kafka-1:9092'],
      DATABASE_URL: 'postgres://intake@db:5432/intake',
      DATABASE_POOL_MAX: 10,
      STAFF_TOKEN_SECRET: SECRET,
      DEVELOPMENT_STAFF_TOKENS: 'refuse',
      CLOCK: 'system',
      LOG_LEVEL: 'info',
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: 65,
      HTTP_HEADERS_TIMEOUT_SECONDS: 66,
      OIDC_AUDIENCE: 'urn:client-gate:staff-api',
      OIDC_CLIENT_ID: 'client-gate-desk',
      OIDC_ALGORITHMS: ['RS256'],
      OIDC_ACCESS_TOKEN_TYPE: 'at+jwt',
      OIDC_OFFICER_CLAIM: 'sub',
      OIDC_CONSULATE_CLAIM: 'consulate',
      KAFKA_EVENT_RETENTION_DAYS: 7,
      KAFKA_AUDIT_RETENTION_DAYS: 365,
      DATABASE_STATEMENT_TIMEOUT_SECONDS: 30,
      DATABASE_LOCK_TIMEOUT_SECONDS: 10,
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: 60,
      DATABASE_QUERY_TIMEOUT_SECONDS: 40,
      DATABASE_CONNECT_TIMEOUT_SECONDS: 5,
      DATABASE_KEEPALIVE_SECONDS: 10,
      KAFKA_REQUEST_TIMEOUT_SECONDS: 30,
      KAFKA_CONNECT_TIMEOUT_SECONDS: 3,
      CONSUMER_STALL_SECONDS: 60,
    });
  });

  it('SPEC §9 (nothing waits for ever): the client-side query limit must exceed the server-side statement limit', () => {
    expect(configErrorMessage({ ...minimal, DATABASE_STATEMENT_TIMEOUT_SECONDS: '40', DATABASE_QUERY_TIMEOUT_SECONDS: '40' })).toContain(
      'DATABASE_QUERY_TIMEOUT_SECONDS is invalid: must be greater than DATABASE_STATEMENT_TIMEOUT_SECONDS',
    );
    expect(configErrorMessage({ ...minimal, CONSUMER_STALL_SECONDS: '0' })).toContain('CONSUMER_STALL_SECONDS is invalid');
    expect(readEnv(serviceEnvSchema, { ...minimal, CONSUMER_STALL_SECONDS: '5' }).CONSUMER_STALL_SECONDS).toBe(5);
  });

  it('R25: the officers\' provider is optional, asymmetric algorithms only, and https in production', () => {
    expect(readEnv(serviceEnvSchema, { ...minimal, OIDC_ISSUER: 'http://localhost:3005', OIDC_ALGORITHMS: 'RS256,ES256' })).toMatchObject({
      OIDC_ISSUER: 'http://localhost:3005',
      OIDC_ALGORITHMS: ['RS256', 'ES256'],
    });
    expect(configErrorMessage({ ...minimal, OIDC_ALGORITHMS: 'HS256' })).toContain('OIDC_ALGORITHMS is invalid');
    expect(configErrorMessage({ ...minimal, NODE_ENV: 'production', OIDC_ISSUER: 'http://sso.example.gov/realms/consular' })).toContain(
      'OIDC_ISSUER is invalid: must be https in production',
    );
  });

  it('keeps explicit values over the defaults and coerces numbers', () => {
    const env = readEnv(serviceEnvSchema, {
      ...minimal,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATABASE_POOL_MAX: '25',
      CLOCK: 'controllable',
      LOG_LEVEL: 'debug',
    });
    expect(env).toMatchObject({ NODE_ENV: 'test', HOST: '127.0.0.1', DATABASE_POOL_MAX: 25, CLOCK: 'controllable', LOG_LEVEL: 'debug' });
  });

  it.each([
    ['localhost:9092', ['localhost:9092']],
    ['k1:9092,k2:9093,k3:9094', ['k1:9092', 'k2:9093', 'k3:9094']],
    ['10.0.0.5:29092,broker.internal:9092', ['10.0.0.5:29092', 'broker.internal:9092']],
  ])('parses KAFKA_BROKERS=%p into an array', (value, brokers) => {
    expect(readEnv(serviceEnvSchema, { ...minimal, KAFKA_BROKERS: value }).KAFKA_BROKERS).toEqual(brokers);
  });

  it.each(['postgres://u@h/db', 'postgresql://u:p@h:5432/db'])('accepts DATABASE_URL=%p', (url) => {
    expect(readEnv(serviceEnvSchema, { ...minimal, DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it.each(['KAFKA_BROKERS', 'DATABASE_URL', 'STAFF_TOKEN_SECRET'])('names a missing %s: "X is required"', (name) => {
    const env: NodeJS.ProcessEnv = { ...minimal };
    delete env[name];
    const message = configErrorMessage(env);
    expect(message).toContain(`${name} is required`);
    expect(message).not.toContain('is invalid');
  });

  it('names every missing variable at once', () => {
    const message = configErrorMessage({});
    expect(message).toContain('KAFKA_BROKERS is required');
    expect(message).toContain('DATABASE_URL is required');
    expect(message).toContain('STAFF_TOKEN_SECRET is required');
  });

  it.each([
    ['KAFKA_BROKERS', 'localhost', 'expected host:port'],
    ['KAFKA_BROKERS', 'k1:9092,', 'expected host:port'],
    ['KAFKA_BROKERS', 'k1:9092, k2:9092', 'expected host:port'],
    ['KAFKA_BROKERS', 'k1:port', 'expected host:port'],
    ['KAFKA_BROKERS', '', 'expected host:port'],
    ['DATABASE_URL', 'mysql://u@h/db', 'expected a postgres:// URL'],
    ['DATABASE_URL', 'db:5432', 'expected a postgres:// URL'],
    ['STAFF_TOKEN_SECRET', 's'.repeat(31), 'must be at least 32 characters'],
    ['DATABASE_POOL_MAX', '0', ''],
    ['DATABASE_POOL_MAX', '101', ''],
    ['DATABASE_POOL_MAX', '2.5', ''],
    ['DATABASE_POOL_MAX', 'ten', ''],
    ['NODE_ENV', 'prod', ''],
    ['CLOCK', 'fake', ''],
    ['LOG_LEVEL', 'verbose', ''],
    ['KAFKA_EVENT_RETENTION_DAYS', 'a week', ''],
    ['KAFKA_EVENT_RETENTION_DAYS', '0', ''],
    ['KAFKA_EVENT_RETENTION_DAYS', '-1', ''],
    ['KAFKA_AUDIT_RETENTION_DAYS', '5000', ''],
    ['HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', 'long', ''],
    ['HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', '0', ''],
    ['HTTP_HEADERS_TIMEOUT_SECONDS', '65', 'must be greater than HTTP_KEEP_ALIVE_TIMEOUT_SECONDS'],
  ])('names an invalid %s=%p: "X is invalid: ..."', (name, value, detail) => {
    const message = configErrorMessage({ ...minimal, [name]: value });
    expect(message).toContain(`${name} is invalid: ${detail}`);
    expect(message).not.toContain(`${name} is required`);
  });

  it('names missing and invalid variables together', () => {
    const message = configErrorMessage({ DATABASE_URL: 'mysql://x', STAFF_TOKEN_SECRET: 'short', LOG_LEVEL: 'loud' });
    expect(message).toContain('KAFKA_BROKERS is required');
    expect(message).toContain('DATABASE_URL is invalid: expected a postgres:// URL');
    expect(message).toContain('STAFF_TOKEN_SECRET is invalid: must be at least 32 characters');
    expect(message).toContain('LOG_LEVEL is invalid');
  });

  it('issue 19: replication unset follows the cluster; given, it is whole and min.insync.replicas not above it', () => {
    const unset = readEnv(serviceEnvSchema, minimal);
    expect([unset.KAFKA_REPLICATION_FACTOR, unset.KAFKA_MIN_INSYNC_REPLICAS]).toEqual([undefined, undefined]);
    expect(readEnv(serviceEnvSchema, { ...minimal, KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toMatchObject({ KAFKA_REPLICATION_FACTOR: 3, KAFKA_MIN_INSYNC_REPLICAS: 2 });
    expect(configErrorMessage({ ...minimal, KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' })).toContain('KAFKA_MIN_INSYNC_REPLICAS is invalid: must not exceed KAFKA_REPLICATION_FACTOR');
    expect(configErrorMessage({ ...minimal, KAFKA_REPLICATION_FACTOR: '0' })).toContain('KAFKA_REPLICATION_FACTOR is invalid');
    expect(configErrorMessage({ ...minimal, KAFKA_MIN_INSYNC_REPLICAS: '1.5' })).toContain('KAFKA_MIN_INSYNC_REPLICAS is invalid');
  });

  it('refuses CLOCK=controllable when NODE_ENV=production (SPEC §6)', () => {
    const message = configErrorMessage({ ...minimal, NODE_ENV: 'production', CLOCK: 'controllable' });
    expect(message).toContain('CLOCK is invalid: a controllable clock is refused in production');
  });

  it.each(['development', 'test', undefined])('allows CLOCK=controllable when NODE_ENV=%p (SPEC §6)', (nodeEnv) => {
    expect(readEnv(serviceEnvSchema, { ...minimal, NODE_ENV: nodeEnv, CLOCK: 'controllable' }).CLOCK).toBe('controllable');
  });

  it('keeps idle HTTP connections longer than a 60 s proxy, and waits longer still for headers', () => {
    expect(readEnv(serviceEnvSchema, { ...minimal, HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '120', HTTP_HEADERS_TIMEOUT_SECONDS: '121' })).toMatchObject({
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: 120,
      HTTP_HEADERS_TIMEOUT_SECONDS: 121,
    });
    const message = configErrorMessage({ ...minimal, HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '90', HTTP_HEADERS_TIMEOUT_SECONDS: '80' });
    expect(message).toContain('HTTP_HEADERS_TIMEOUT_SECONDS is invalid: must be greater than HTTP_KEEP_ALIVE_TIMEOUT_SECONDS');
  });

  it.each([
    ['the old docker-compose placeholder', 'change-me-staff-token-secret-of-32-chars', 'a development or published value'],
    ['a secret npm start generated', `development-only-${'x'.repeat(43)}`, 'a development or published value'],
  ])('refuses %s as STAFF_TOKEN_SECRET in production, and allows it elsewhere', (_case, secret, detail) => {
    const message = configErrorMessage({ ...minimal, NODE_ENV: 'production', STAFF_TOKEN_SECRET: secret });
    expect(message).toContain(`STAFF_TOKEN_SECRET is invalid: ${detail}`);
    expect(readEnv(serviceEnvSchema, { ...minimal, STAFF_TOKEN_SECRET: secret }).STAFF_TOKEN_SECRET).toBe(secret);
  });

  it('accepts in production a STAFF_TOKEN_SECRET of its own', () => {
    expect(readEnv(serviceEnvSchema, { ...minimal, NODE_ENV: 'production', STAFF_TOKEN_SECRET: 'k'.repeat(32) }).NODE_ENV).toBe('production');
  });

  it('allows the system clock in production', () => {
    expect(readEnv(serviceEnvSchema, { ...minimal, NODE_ENV: 'production' })).toMatchObject({ NODE_ENV: 'production', CLOCK: 'system' });
  });

  describe('productionSecrets (a key of its own, at least 32 bytes, in production)', () => {
    const key = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');
    const schema = z
      .object({ NODE_ENV: z.string(), KEY: z.string(), KEYS: z.string() })
      .superRefine(productionSecrets({ KEY: 'base64', KEYS: 'keyring' }));
    const check = (KEY: string, KEYS: string, NODE_ENV = 'production') => {
      try {
        readEnv(schema, { NODE_ENV, KEY, KEYS });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };

    it('accepts keys of 32 bytes and more with ids of their own', () => {
      expect(check(key(32), `k1:${key(32)},k2:${key(32)}`)).toBe('accepted');
    });

    it.each([
      ['a 31-byte key', key(31), `k1:${key(32)}`, 'KEY is invalid: a key shorter than 32 bytes'],
      ['a keyring with a 16-byte key', key(32), `k1:${key(32)},k2:${key(16)}`, 'KEYS is invalid: a key shorter than 32 bytes'],
      ['the old compose CODE_HASH_KEY', 'ZGV2ZWxvcG1lbnQtb25seS1jb2RlLWhhc2gta2V5LTMyYg==', `k1:${key(32)}`, 'KEY is invalid: a development or published value'],
      ['the old compose CODE_SEALING_KEYS', key(32), 'dev-1:ZGV2ZWxvcG1lbnQtb25seS1zZWFsaW5nLWtleS0zMmI=', 'KEYS is invalid: a development or published value'],
      ['a generated development keyring', key(32), `development-only-1:${key(32)}`, 'KEYS is invalid: a development or published value'],
      ['a generated development key', Buffer.concat([Buffer.from('development-only-'), Buffer.alloc(32, 1)]).toString('base64'), `k1:${key(32)}`, 'KEY is invalid: a development or published value'],
    ])('refuses %s in production, naming the variable', (_case, KEY, KEYS, expected) => {
      expect(check(KEY, KEYS)).toContain(expected);
      expect(check(KEY, KEYS, 'development')).toBe('accepted');
    });
  });

  it('names the variables of a service schema that extends the shared one', () => {
    const schema = z.intersection(serviceEnvSchema, z.object({ PORT: portSchema(3004), SMTP_URL: z.string().regex(/^smtps?:\/\//) }));
    const message = configErrorMessage({ KAFKA_BROKERS: 'k:1', STAFF_TOKEN_SECRET: SECRET, PORT: '70000' }, schema);
    expect(message).toContain('DATABASE_URL is required');
    expect(message).toContain('SMTP_URL is required');
    expect(message).toContain('PORT is invalid');
  });
});

describe('portSchema', () => {
  it.each([
    [undefined, 3001],
    ['8080', 8080],
    ['1', 1],
    ['65535', 65535],
  ])('reads %p as %p', (value, port) => {
    expect(portSchema(3001).parse(value)).toBe(port);
  });

  it.each(['0', '65536', 'http', '80.5'])('refuses %p', (value) => {
    expect(portSchema(3001).safeParse(value).success).toBe(false);
  });
});
