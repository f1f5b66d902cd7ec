import { z } from 'zod';
import { isoDateTime, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** R12: never activated within 60 days; every service erases the person's data, only a tombstone remains. */
export const GatewayPurged = defineEvent({
  type: 'registry.gateway.purged',
  topic: Topic.RegistryGateway,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    registeredAt: isoDateTime,
    purgedAt: isoDateTime,
  }),
});
