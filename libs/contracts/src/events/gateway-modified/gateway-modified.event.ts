import { z } from 'zod';
import { isoDateTime, localeSchema, reminderSettingsSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/**
 * R18: an in-person `modify` changed the gateway. Only what changed is set; `email` is the address
 * on record after the change (notifications writes to it), `previousEmail` is set when it changed, and the
 * names when the identity changed (the account page shows them, R24).
 */
export const GatewayModified = defineEvent({
  type: 'registry.gateway.modified',
  topic: Topic.RegistryGateway,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    status: z.enum(['pending_activation', 'active']),
    email: storableText.email(),
    previousEmail: storableText.email().optional(),
    locale: localeSchema,
    username: storableText.optional(),
    identityChanged: z.boolean(),
    familyName: storableText.optional(),
    givenNames: storableText.optional(),
    reminders: reminderSettingsSchema.optional(),
    reissueActivationCode: z.boolean(),
    modifiedAt: isoDateTime,
  }),
});
