import {
  applicationChangesSchema, applicationKindSchema, identityDocumentSchema, localeSchema, personSchema, reminderSettingsSchema, storableText, uuid,
} from '@client-gate/contracts';
import { z } from 'zod';

/** Shape only (400 when wrong); the rules (422) are checked by the service. */
export const submitApplicationSchema = z.object({
  appointmentId: uuid,
  kind: applicationKindSchema,
  person: personSchema,
  citizenship: z.string().regex(/^[A-Z]{2}$/, 'expected ISO 3166 alpha-2, e.g. HU'),
  document: identityDocumentSchema,
  email: storableText.max(254).optional(),
  locale: localeSchema.default('hu'),
  reminders: reminderSettingsSchema.optional(),
  // The new address is checked as a rule (R6, 422), not as shape.
  changes: applicationChangesSchema.extend({ email: storableText.max(254).optional() }).optional(),
});
export type SubmitApplicationDto = z.infer<typeof submitApplicationSchema>;
