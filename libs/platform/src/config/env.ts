import { z } from 'zod';

/** Thrown at start when an environment variable is missing or invalid; names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return env[name] === undefined ? `${name} is required` : `${name} is invalid: ${issue.message}`;
  });
  throw new ConfigError(`Configuration error: ${problems.join('; ')}`);
}

/**
 * Marks the secrets made for development (`tools/system/secrets.ts`) and the placeholders this repository
 * published (docker-compose's old defaults decode to `development-only-…`): production refuses them.
 */
export const DEVELOPMENT_SECRET_MARK = 'development-only';
const PUBLISHED_MARKS = [DEVELOPMENT_SECRET_MARK, 'change-me'];

/** How a secret variable is written: text, base64 bytes, or a keyring `id:base64[,id:base64…]`. */
export type SecretFormat = 'text' | 'base64' | 'keyring';

function secretProblem(value: string, format: SecretFormat): string | undefined {
  const parts =
    format === 'keyring'
      ? value.split(',').map((entry) => {
          const [id = '', key = ''] = entry.split(':');
          return { text: id, bytes: Buffer.from(key, 'base64') };
        })
      : [{ text: value, bytes: format === 'base64' ? Buffer.from(value, 'base64') : Buffer.from(value, 'utf8') }];
  if (parts.some(({ bytes }) => bytes.length < 32)) return 'a key shorter than 32 bytes is refused in production';
  const published = parts.some(({ text, bytes }) =>
    PUBLISHED_MARKS.some((mark) => text.toLowerCase().includes(mark) || bytes.toString('latin1').toLowerCase().includes(mark)),
  );
  if (published) return 'a development or published value is refused in production; generate one (e.g. openssl rand -base64 32)';
  return undefined;
}

/** A refinement for a service's settings: in production, each named secret must be a key of its own (≥ 32 bytes). */
export function productionSecrets(secrets: Record<string, SecretFormat>) {
  return (env: { NODE_ENV: string }, context: z.RefinementCtx): void => {
    if (env.NODE_ENV !== 'production') return;
    for (const [name, format] of Object.entries(secrets)) {
      const value = (env as Record<string, unknown>)[name];
      const problem = typeof value === 'string' ? secretProblem(value, format) : undefined;
      if (problem) context.addIssue({ code: 'custom', path: [name], message: problem });
    }
  };
}

const kafkaBrokers = z
  .string()
  .regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, 'expected host:port[,host:port...]')
  .transform((value) => value.split(','));

/**
 * The officers' OpenID Connect provider (R25), shared by the staff APIs (which verify its access tokens)
 * and the desk (which signs officers in through it).
 */
export const providerEnvShape = {
  OIDC_ISSUER: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).default('urn:client-gate:staff-api'),
  /** The desk's client at the provider (the staff APIs take only tokens issued to it; the desk signs in as it). */
  OIDC_CLIENT_ID: z.string().min(1).default('client-gate-desk'),
  OIDC_ALGORITHMS: z
    .string()
    .regex(/^(?:(?:RS|PS|ES)(?:256|384|512)|EdDSA)(?:,(?:(?:RS|PS|ES)(?:256|384|512)|EdDSA))*$/, 'expected asymmetric JWS algorithms, e.g. RS256,ES256')
    .transform((value) => value.split(','))
    .default(['RS256']),
  OIDC_ACCESS_TOKEN_TYPE: z.string().min(1).default('at+jwt'),
  OIDC_OFFICER_CLAIM: z.string().min(1).default('sub'),
  OIDC_CONSULATE_CLAIM: z.string().min(1).default('consulate'),
};

/** Plain-http issuers are for the development provider only. */
export const httpsIssuerInProduction = {
  check: (env: { NODE_ENV: string; OIDC_ISSUER?: string }) => !(env.NODE_ENV === 'production' && env.OIDC_ISSUER?.startsWith('http:')),
  refinement: { path: ['OIDC_ISSUER'], message: 'must be https in production' },
};

/**
 * Every HTTP server's idle and header timeouts (applyHttpTimeouts): idle connections kept above the 60 s idle
 * timeout of common proxies and load balancers, so that they close one first, never reuse one the server closed.
 */
export const httpTimeoutsShape = {
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(66),
};

export interface HttpTimeouts {
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: number;
  HTTP_HEADERS_TIMEOUT_SECONDS: number;
}

export const headersAfterKeepAlive = {
  check: (env: HttpTimeouts) => env.HTTP_HEADERS_TIMEOUT_SECONDS > env.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS,
  refinement: { path: ['HTTP_HEADERS_TIMEOUT_SECONDS'], message: 'must be greater than HTTP_KEEP_ALIVE_TIMEOUT_SECONDS' },
};

const seconds = (fallback: number, max = 3600) => z.coerce.number().positive().max(max).default(fallback);

/**
 * Time limits (SPEC §9: nothing waits for ever). The server enforces the statement, lock and idle-in-transaction
 * limits; the client enforces its own query limit (above the statement limit, so that a server that answers
 * cancels first), the connect limit and TCP keepalive, since a server that no longer answers enforces nothing.
 * Reaching any of them is an outage, retried, never a dead letter.
 */
export const timeLimitsShape = {
  DATABASE_STATEMENT_TIMEOUT_SECONDS: seconds(30),
  DATABASE_LOCK_TIMEOUT_SECONDS: seconds(10),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: seconds(60),
  DATABASE_QUERY_TIMEOUT_SECONDS: seconds(40),
  DATABASE_CONNECT_TIMEOUT_SECONDS: seconds(5, 600),
  DATABASE_KEEPALIVE_SECONDS: seconds(10, 600),
  KAFKA_REQUEST_TIMEOUT_SECONDS: seconds(30, 600),
  KAFKA_CONNECT_TIMEOUT_SECONDS: seconds(3, 600),
  /** A consumer with work that applies nothing (or keeps one batch open) this long is stalled: logged, counted, restarted. */
  CONSUMER_STALL_SECONDS: seconds(60),
};

export const queryTimeoutAboveStatementTimeout = {
  check: (env: { DATABASE_QUERY_TIMEOUT_SECONDS: number; DATABASE_STATEMENT_TIMEOUT_SECONDS: number }) =>
    env.DATABASE_QUERY_TIMEOUT_SECONDS > env.DATABASE_STATEMENT_TIMEOUT_SECONDS,
  refinement: { path: ['DATABASE_QUERY_TIMEOUT_SECONDS'], message: 'must be greater than DATABASE_STATEMENT_TIMEOUT_SECONDS' },
};

const retentionDays = (fallback: number) => z.coerce.number().positive().max(3650).default(fallback);

/** The settings every service needs; each service extends it with its own. */
export const serviceEnvSchema = z
  .object({
    ...providerEnvShape,
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    KAFKA_BROKERS: kafkaBrokers,
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    STAFF_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
    /**
     * `accept`: the staff APIs also take the ops CLI's development staff tokens (signed with STAFF_TOKEN_SECRET).
     * Off unless set; `npm start`, the tests, bench and chaos set it (tools/system/launch.ts); refused in production.
     */
    DEVELOPMENT_STAFF_TOKENS: z.enum(['accept', 'refuse']).default('refuse'),
    CLOCK: z.enum(['system', 'controllable']).default('system'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Personal data on the broker (SECURITY.md): event topics and ops.dead-letter.v1.
    KAFKA_EVENT_RETENTION_DAYS: retentionDays(7),
    KAFKA_AUDIT_RETENTION_DAYS: retentionDays(365),
    // Unset: 3 copies (fewer brokers: one per broker), 2 in sync once there are 3 (messaging/replication.ts).
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).optional(),
    KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(16).optional(),
    ...httpTimeoutsShape,
    ...timeLimitsShape,
  })
  .refine((env) => !(env.NODE_ENV === 'production' && env.CLOCK === 'controllable'), {
    path: ['CLOCK'],
    message: 'a controllable clock is refused in production',
  })
  .refine((env) => !(env.NODE_ENV === 'production' && env.DEVELOPMENT_STAFF_TOKENS === 'accept'), {
    path: ['DEVELOPMENT_STAFF_TOKENS'],
    message: 'development staff tokens are refused in production',
  })
  .refine((env) => (env.KAFKA_MIN_INSYNC_REPLICAS ?? 1) <= (env.KAFKA_REPLICATION_FACTOR ?? Infinity), {
    path: ['KAFKA_MIN_INSYNC_REPLICAS'],
    message: 'must not exceed KAFKA_REPLICATION_FACTOR (every write would be refused)',
  })
  .refine(headersAfterKeepAlive.check, headersAfterKeepAlive.refinement)
  .refine(queryTimeoutAboveStatementTimeout.check, queryTimeoutAboveStatementTimeout.refinement)
  .superRefine(productionSecrets({ STAFF_TOKEN_SECRET: 'text' }))
  .refine(httpsIssuerInProduction.check, httpsIssuerInProduction.refinement);

export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

export const portSchema = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** A keyring of 32-byte keys, `keyId:base64[,keyId:base64…]`; the first one seals, all of them open. */
export const keyringSchema = z
  .string()
  .regex(/^[\w.-]+:[A-Za-z0-9+/=]{43,44}(,[\w.-]+:[A-Za-z0-9+/=]{43,44})*$/, 'expected keyId:base64(32 bytes)[,...]');
