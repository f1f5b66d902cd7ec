import { portSchema, serviceEnvSchema } from '@client-gate/platform';
import { z } from 'zod';

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
    CODE_SEALING_KEYS: z.string().regex(/^[\w.-]+:[A-Za-z0-9+/=]{43,44}(,[\w.-]+:[A-Za-z0-9+/=]{43,44})*$/, 'expected keyId:base64(32 bytes)[,...]'),
  }),
);
export type ActivationEnv = z.infer<typeof activationEnvSchema>;
export const ACTIVATION_ENV = Symbol('ACTIVATION_ENV');
