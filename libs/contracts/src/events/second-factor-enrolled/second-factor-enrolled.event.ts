import { z } from 'zod';
import { isoDateTime, localeSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

export const secondFactorMethods = ['totp', 'email'] as const;
export type SecondFactorMethod = (typeof secondFactorMethods)[number];

/** R22, R23: the client enrolled a second factor (no secret travels); notifications tells them by email. */
export const SecondFactorEnrolled = defineEvent({
  type: 'activation.second-factor.enrolled',
  topic: Topic.ActivationSecondFactor,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    notificationId: uuid,
    method: z.enum(secondFactorMethods),
    email: storableText.email(),
    locale: localeSchema,
    enrolledAt: isoDateTime,
  }),
});
