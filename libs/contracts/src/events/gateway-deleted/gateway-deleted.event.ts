import { z } from 'zod';
import { isoDateTime, localeSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/**
 * R17: the gateway was deleted at a consulate. Login stops at once; every service erases the person's
 * data; notifications first confirms the deletion to `email`, the address on record, then forgets it.
 */
export const GatewayDeleted = defineEvent({
  type: 'registry.gateway.deleted',
  topic: Topic.RegistryGateway,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    email: storableText.email(),
    locale: localeSchema,
    deletedAt: isoDateTime,
  }),
});
