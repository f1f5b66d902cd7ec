import { z } from 'zod';
import { identityDocumentSchema, isoDateTime, localeSchema, personSchema, reminderSettingsSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

export const applicationKinds = ['register', 'delete', 'modify'] as const;
export const applicationKindSchema = z.enum(applicationKinds);
export type ApplicationKind = z.infer<typeof applicationKindSchema>;

export const applicationChangesSchema = z.object({
  person: personSchema.optional(),
  email: storableText.email().optional(),
  username: storableText.optional(),
  locale: localeSchema.optional(),
  reminders: reminderSettingsSchema.optional(),
  reissueActivationCode: z.boolean().optional(),
});
export type ApplicationChanges = z.infer<typeof applicationChangesSchema>;

/** An officer accepted an application at intake; registry decides it. */
export const ApplicationSubmitted = defineEvent({
  type: 'intake.application.submitted',
  topic: Topic.IntakeApplication,
  keyOf: (data) => data.applicationId,
  schema: z.object({
    applicationId: uuid,
    kind: applicationKindSchema,
    consulate: storableText,
    officerId: storableText,
    person: personSchema,
    citizenship: storableText,
    document: identityDocumentSchema,
    email: storableText.optional(),
    locale: localeSchema,
    reminders: reminderSettingsSchema.optional(),
    changes: applicationChangesSchema.optional(),
    submittedAt: isoDateTime,
  }),
});
