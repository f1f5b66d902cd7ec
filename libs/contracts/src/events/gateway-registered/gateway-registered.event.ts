import { z } from 'zod';
import { isoDateTime, localeSchema, reminderSettingsSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** R9: a gateway was created, pending activation; activation issues its first code and keeps what the account page shows (R24). */
export const GatewayRegistered = defineEvent({
  type: 'registry.gateway.registered',
  topic: Topic.RegistryGateway,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    consulate: storableText,
    familyName: storableText,
    givenNames: storableText,
    email: storableText.email(),
    locale: localeSchema,
    reminders: reminderSettingsSchema,
    registeredAt: isoDateTime,
  }),
});
