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

const kafkaBrokers = z
  .string()
  .regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, 'expected host:port[,host:port...]')
  .transform((value) => value.split(','));

const list = z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

/**
 * The officers' OpenID Connect provider (R25), shared by the staff APIs (which verify its access tokens)
 * and the desk (which signs officers in through it).
 */
export const providerEnvShape = {
  OIDC_ISSUER: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).default('urn:client-gate:staff-api'),
  OIDC_ALGORITHMS: list.pipe(z.array(z.string().regex(/^(RS|PS|ES)(256|384|512)$|^EdDSA$/, 'expected asymmetric JWS algorithms')).min(1)).default(['RS256']),
  OIDC_ACCESS_TOKEN_TYPE: z.string().min(1).default('at+jwt'),
  OIDC_OFFICER_CLAIM: z.string().min(1).default('sub'),
  OIDC_CONSULATE_CLAIM: z.string().min(1).default('consulate'),
};

/** Plain-http issuers are for the development provider only. */
export const httpsIssuerInProduction = {
  check: (env: { NODE_ENV: string; OIDC_ISSUER?: string }) => !(env.NODE_ENV === 'production' && env.OIDC_ISSUER?.startsWith('http:')),
  refinement: { path: ['OIDC_ISSUER'], message: 'must be https in production' },
};

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
    CLOCK: z.enum(['system', 'controllable']).default('system'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((env) => !(env.NODE_ENV === 'production' && env.CLOCK === 'controllable'), {
    path: ['CLOCK'],
    message: 'a controllable clock is refused in production',
  })
  .refine(httpsIssuerInProduction.check, httpsIssuerInProduction.refinement);

export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

export const portSchema = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
