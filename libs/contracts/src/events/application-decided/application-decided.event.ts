import { z } from 'zod';
import { isoDateTime, reasonSchema, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** Registry's verdict on an application: completed (with the gateway) or rejected (with reasons). */
export const ApplicationDecided = defineEvent({
  type: 'registry.application.decided',
  topic: Topic.RegistryApplicationOutcome,
  keyOf: (data) => data.applicationId,
  schema: z.object({
    applicationId: uuid,
    outcome: z.enum(['completed', 'rejected']),
    gatewayId: uuid.optional(),
    reasons: z.array(reasonSchema).optional(),
    decidedAt: isoDateTime,
  }),
});
