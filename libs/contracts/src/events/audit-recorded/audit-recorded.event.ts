import { z } from 'zod';
import { isoDateTime } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** Every state change, for operators: who did what to which record, never a secret or personal data. */
export const AuditRecorded = defineEvent({
  type: 'ops.audit.recorded',
  topic: Topic.OpsAudit,
  keyOf: (data) => data.subject,
  schema: z.object({
    service: z.string(),
    actor: z.string(),
    action: z.string(),
    subject: z.string(),
    time: isoDateTime,
  }),
});
