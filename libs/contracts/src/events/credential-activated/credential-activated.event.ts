import { z } from 'zod';
import { isoDateTime, localeSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** R10: the client chose a username and password; registry marks the gateway active, notifications confirms it. */
export const CredentialActivated = defineEvent({
  type: 'activation.credential.activated',
  topic: Topic.ActivationCredential,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    username: storableText,
    email: storableText.email(),
    locale: localeSchema,
    activatedAt: isoDateTime,
    passwordExpiresAt: isoDateTime,
  }),
});
