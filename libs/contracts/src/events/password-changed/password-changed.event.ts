import { z } from 'zod';
import { isoDateTime, localeSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** R13: a new password was set with a one-time code; notifications confirms it and reschedules R20's reminders. */
export const PasswordChanged = defineEvent({
  type: 'activation.credential.password-changed',
  topic: Topic.ActivationCredential,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    email: storableText.email(),
    locale: localeSchema,
    changedAt: isoDateTime,
    passwordExpiresAt: isoDateTime,
  }),
});
