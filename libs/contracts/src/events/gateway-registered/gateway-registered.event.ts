import { z } from 'zod';
import { isoDateTime, localeSchema, reminderSettingsSchema, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** R9: a gateway was created, pending activation; activation issues its first code and keeps what the account page shows (R24). */
export const GatewayRegistered = defineEvent({
  type: 'registry.gateway.registered',
  topic: Topic.RegistryGateway,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    consulate: z.string(),
    familyName: z.string(),
    givenNames: z.string(),
    email: z.string().email(),
    locale: localeSchema,
    reminders: reminderSettingsSchema,
    registeredAt: isoDateTime,
  }),
});
