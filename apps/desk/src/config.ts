import { headersAfterKeepAlive, httpsIssuerInProduction, httpTimeoutsShape, productionSecrets, providerEnvShape, timeLimitsShape } from '@client-gate/platform';
import { z } from 'zod';

const url = z.url().transform((value) => value.replace(/\/$/, ''));

/** `HU-KYIV=Europe/Kyiv,…`: each consulate's own time zone (its day is the desk's day). */
const timeZones = z
  .string()
  .transform((value, context) => {
    const zones: Record<string, string> = {};
    for (const entry of value.split(',').filter(Boolean)) {
      const [consulate, zone] = entry.split('=').map((part) => part.trim());
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
      } catch {
        context.addIssue({ code: 'custom', message: `unknown time zone ${zone} for ${consulate}` });
        return z.NEVER;
      }
      zones[consulate] = zone;
    }
    return zones;
  });

export const deskEnvSchema = z
  .object({
    ...providerEnvShape,
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ...httpTimeoutsShape,
    ...timeLimitsShape,
    /** Where officers reach the desk: the redirect URIs registered at the provider are under it. */
    DESK_PUBLIC_URL: url,
    /** base64, ≥ 32 bytes: seals the provider's tokens and the sign-ins in progress in the desk's database. */
    DESK_SESSION_KEY: z.base64().refine((value) => Buffer.from(value, 'base64').length >= 32, 'must be at least 32 bytes (base64)'),
    /** The desk's own database: its sessions (R25), shared by all its instances. */
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    OIDC_ISSUER: z.url(),
    OIDC_CLIENT_ID: z.string().min(1),
    OIDC_CLIENT_SECRET: z.string().min(1),
    OIDC_NAME_CLAIM: z.string().min(1).default('name'),
    OIDC_SCOPE: z.string().min(1).default('openid profile'),
    INTAKE_URL: url,
    REGISTRY_URL: url,
    /** Where clients activate (on the hand-over sheet). */
    PUBLIC_ACTIVATION_URL: url,
    CONSULATE_TIME_ZONES: timeZones.default({ 'HU-KYIV': 'Europe/Kyiv', 'HU-WARSAW': 'Europe/Warsaw', 'HU-LVIV': 'Europe/Kyiv' }),
    /** The time zone of a consulate that CONSULATE_TIME_ZONES does not name. */
    DEFAULT_TIME_ZONE: z.string().default('Europe/Budapest'),
  })
  .refine(httpsIssuerInProduction.check, httpsIssuerInProduction.refinement)
  .refine(headersAfterKeepAlive.check, headersAfterKeepAlive.refinement)
  .superRefine(productionSecrets({ DESK_SESSION_KEY: 'base64' }))
  .refine((env) => !(env.NODE_ENV === 'production' && env.DESK_PUBLIC_URL.startsWith('http:')), {
    path: ['DESK_PUBLIC_URL'],
    message: 'must be https in production (the session cookie is Secure there)',
  });

export type DeskEnv = z.infer<typeof deskEnvSchema>;
export const DESK_ENV = Symbol('DESK_ENV');
