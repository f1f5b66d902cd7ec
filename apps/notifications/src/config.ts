import { keyringSchema, portSchema, productionSecrets, serviceEnvSchema } from '@client-gate/platform';
import { z } from 'zod';

export const notificationsEnvSchema = z.intersection(
  serviceEnvSchema,
  z.object({
    PORT: portSchema(3004),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'expected smtp://host:port or smtps://...'),
    /** How long the courier waits for the SMTP server to connect, greet, or answer a command before it gives the try up. */
    SMTP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    /** SMTP connections the courier keeps open, and so emails in flight at once; a mail server may cap it per client. */
    SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(16),
    MAIL_FROM: z.string().default('Ügyfélkapu <no-reply@ugyfelkapu.example>'),
    /** Opens codes sealed by activation: `keyId:base64(32 bytes)[,...]`. */
    CODE_SEALING_KEYS: keyringSchema,
    /** Where clients reach activation's pages; links in emails point here. */
    PUBLIC_ACTIVATION_URL: z.string().url().default('http://localhost:3003'),
  }),
).superRefine(productionSecrets({ CODE_SEALING_KEYS: 'keyring' }));
export type NotificationsEnv = z.infer<typeof notificationsEnvSchema>;
export const NOTIFICATIONS_ENV = Symbol('NOTIFICATIONS_ENV');
