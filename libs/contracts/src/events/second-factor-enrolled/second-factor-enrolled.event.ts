import { z } from 'zod';
import { isoDateTime, localeSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** R22, R27: an authenticator app, codes by email, passkeys (WebAuthn; up to 5, each its own factor). */
export const secondFactorMethods = ['totp', 'email', 'passkey'] as const;
export type SecondFactorMethod = (typeof secondFactorMethods)[number];

/** R22, R23, R27: the client enrolled a second factor (no secret travels; a passkey with the name the client gave it); notifications tells them by email. */
export const SecondFactorEnrolled = defineEvent({
  type: 'activation.second-factor.enrolled',
  topic: Topic.ActivationSecondFactor,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    notificationId: uuid,
    method: z.enum(secondFactorMethods),
    passkeyName: storableText.max(64).optional(),
    email: storableText.email(),
    locale: localeSchema,
    enrolledAt: isoDateTime,
  }),
});
