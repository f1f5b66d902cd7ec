import { z } from 'zod';
import { isoDateTime, storableText } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/** Every state change, for operators: who did what to which record, never a secret or personal data. */
export const AuditRecorded = defineEvent({
  type: 'ops.audit.recorded',
  topic: Topic.OpsAudit,
  keyOf: (data) => data.subject,
  schema: z.object({
    service: storableText,
    actor: storableText,
    action: storableText,
    subject: storableText,
    time: isoDateTime,
  }),
});
