import { z } from 'zod';
import { isoDateTime, localeSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';
import { secondFactorMethods } from '../second-factor-enrolled/second-factor-enrolled.event';

/**
 * R23: the client's second factor was removed, with the password and a current code (`client`), by the
 * removal code at login (`removal-code`) or replaced by a new one (`replaced`); notifications tells them by email.
 */
export const SecondFactorRemoved = defineEvent({
  type: 'activation.second-factor.removed',
  topic: Topic.ActivationSecondFactor,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    notificationId: uuid,
    method: z.enum(secondFactorMethods),
    passkeyName: storableText.max(64).optional(),
    reason: z.enum(['client', 'removal-code', 'replaced']),
    email: storableText.email(),
    locale: localeSchema,
    removedAt: isoDateTime,
  }),
});
