import { z } from 'zod';
import { isoDateTime, localeSchema, sealedSecretSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/**
 * R26: the account signed in from a browser it had not used before. The email names the time, the browser and
 * the masked address, and carries a "this was not me" link whose single-use token travels sealed like the codes.
 */
export const NewSignIn = defineEvent({
  type: 'activation.second-factor.new-sign-in',
  topic: Topic.ActivationSecondFactor,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    notificationId: uuid,
    signedInAt: isoDateTime,
    browser: storableText.max(200).nullable(),
    maskedAddress: storableText.max(64).nullable(),
    sealedNotMeToken: sealedSecretSchema,
    email: storableText.email(),
    locale: localeSchema,
  }),
});
