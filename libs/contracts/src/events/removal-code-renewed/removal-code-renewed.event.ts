import { z } from 'zod';
import { isoDateTime, localeSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** R26: the client renewed their removal code (the old one stopped working); notifications tells them by email. */
export const RemovalCodeRenewed = defineEvent({
  type: 'activation.second-factor.removal-code-renewed',
  topic: Topic.ActivationSecondFactor,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    notificationId: uuid,
    renewedAt: isoDateTime,
    email: storableText.email(),
    locale: localeSchema,
  }),
});
