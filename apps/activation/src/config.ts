import { keyringSchema, portSchema, productionSecrets, serviceEnvSchema } from '@client-gate/platform';
import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length >= 32, 'expected base64 of at least 32 bytes');

export const activationEnvSchema = z.intersection(
  serviceEnvSchema,
  z.object({
    PORT: portSchema(3003),
    /** Keys the stored hash of each one-time code (SPEC §8). */
    CODE_HASH_KEY: base64Key,
    /** Seals codes on Kafka for notifications: `keyId:base64(32 bytes)[,...]`, the first one seals. */
    CODE_SEALING_KEYS: keyringSchema,
    /**
     * Seals second-factor secrets at rest (R22), `keyId:base64(32 bytes)[,...]`, the first one seals; required in
     * production, elsewhere derived from CODE_HASH_KEY when unset.
     */
    FACTOR_SEALING_KEYS: keyringSchema.optional(),
    /**
     * R27: the pages' public origin, which passkeys are bound to (`https://…`; `http://` only for localhost);
     * required in production, elsewhere `http://localhost:<PORT>`.
     */
    WEBAUTHN_ORIGIN: z
      .string()
      .url()
      .refine((value) => new URL(value).origin === value.replace(/\/$/, ''), 'expected an origin (scheme, host and port only)')
      .refine((value) => new URL(value).protocol === 'https:' || new URL(value).hostname === 'localhost', 'expected https (http only for localhost)')
      .transform((value) => new URL(value).origin)
      .optional(),
    /** R27: the passkeys' relying party id: WEBAUTHN_ORIGIN's host (the default) or a domain it belongs to. */
    WEBAUTHN_RP_ID: z
      .string()
      .regex(/^[a-z0-9.-]+$/, 'expected a domain name')
      .optional(),
    /** R22: `required` (as the real service) makes a client without a second factor enrol before anything else. */
    SECOND_FACTOR: z.enum(['required', 'optional']).default('required'),
    /** Signs the web pages' CSRF tokens (SPEC §8); required in production, elsewhere derived from CODE_HASH_KEY when unset. */
    PAGE_CSRF_KEY: base64Key.optional(),
    /** Brute force (SPEC §8): this many failed logins or code attempts per account or address lock it… */
    LOGIN_BACKOFF_THRESHOLD: z.coerce.number().int().min(1).default(5),
    /** …for this long, each further failure twice as long… */
    LOGIN_BACKOFF_BASE_SECONDS: seconds(60),
    /** …at most this long; */
    LOGIN_BACKOFF_MAX_SECONDS: seconds(15 * 60),
    /** failures are forgotten after this long without one. */
    LOGIN_BACKOFF_FORGET_SECONDS: seconds(24 * 60 * 60),
    /**
     * Addresses never locked as a whole (accounts still are), none by default and refused in production: there a
     * reverse proxy is declared in TRUST_PROXY instead. `npm start` and `npm test` exempt the host's own
     * addresses (127.0.0.1,::1), from which every local client comes.
     */
    LOGIN_BACKOFF_EXEMPT_ADDRESSES: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((address) => address.trim()).filter(Boolean)),
    /**
     * The proxies in front of the service whose X-Forwarded-For names the client (Express's `trust proxy`:
     * a hop count or addresses, subnets, `loopback`, `uniquelocal`); none by default, so the header is ignored.
     */
    TRUST_PROXY: z
      .string()
      .regex(/^(\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)?$/, 'expected a hop count or comma-separated addresses/subnets')
      .default('')
      .transform((value): number | string[] | false =>
        value === '' ? false : /^\d+$/.test(value) ? Number(value) : value.split(',').map((entry) => entry.trim()),
      ),
  }),
)
  .refine((env) => env.NODE_ENV !== 'production' || env.PAGE_CSRF_KEY !== undefined, {
    path: ['PAGE_CSRF_KEY'],
    message: 'required in production',
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.LOGIN_BACKOFF_EXEMPT_ADDRESSES.length === 0, {
    path: ['LOGIN_BACKOFF_EXEMPT_ADDRESSES'],
    message: 'not allowed in production: declare the reverse proxy in TRUST_PROXY so that each client keeps its own address',
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.FACTOR_SEALING_KEYS !== undefined, {
    path: ['FACTOR_SEALING_KEYS'],
    message: 'required in production',
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.WEBAUTHN_ORIGIN !== undefined, {
    path: ['WEBAUTHN_ORIGIN'],
    message: 'required in production',
  })
  .refine(
    (env) => {
      const { rpID, origin } = relyingParty(env);
      const host = new URL(origin).hostname;
      return host === rpID || host.endsWith(`.${rpID}`);
    },
    { path: ['WEBAUTHN_RP_ID'], message: "must be WEBAUTHN_ORIGIN's host or a domain it belongs to" },
  )
  .superRefine(productionSecrets({ CODE_HASH_KEY: 'base64', CODE_SEALING_KEYS: 'keyring', PAGE_CSRF_KEY: 'base64', FACTOR_SEALING_KEYS: 'keyring' }));
export type ActivationEnv = z.infer<typeof activationEnvSchema>;
export const ACTIVATION_ENV = Symbol('ACTIVATION_ENV');

/** R27: the relying party passkeys are bound to: its id and the one origin whose ceremonies count. */
export function relyingParty(env: Pick<ActivationEnv, 'WEBAUTHN_ORIGIN' | 'WEBAUTHN_RP_ID' | 'PORT'>): { rpID: string; origin: string } {
  const origin = env.WEBAUTHN_ORIGIN ?? `http://localhost:${env.PORT}`;
  return { origin, rpID: env.WEBAUTHN_RP_ID ?? new URL(origin).hostname };
}
