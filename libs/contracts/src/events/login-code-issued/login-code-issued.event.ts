import { z } from 'zod';
import { isoDateTime, localeSchema, sealedSecretSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** R22: a 6-digit code for the email factor (at login or enrolment); it travels sealed like the one-time codes (SPEC §8). */
export const LoginCodeIssued = defineEvent({
  type: 'activation.second-factor.login-code-issued',
  topic: Topic.ActivationSecondFactor,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    notificationId: uuid,
    sealedCode: sealedSecretSchema,
    expiresAt: isoDateTime,
    email: storableText.email(),
    locale: localeSchema,
  }),
});
