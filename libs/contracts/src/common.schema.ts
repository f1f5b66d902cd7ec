import { z } from 'zod';

// U+0000 (Postgres cannot store it) or half of a surrogate pair without its other half (not UTF-8).
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/**
 * Text that can be stored and sent on: every string that comes from outside (request bodies, forms,
 * events) is one of these, so that such characters are a 400 naming the field, not a 500 at the database.
 */
export const storableText = z.string().refine(isStorableText, 'contains U+0000 or an unpaired surrogate');

function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** A calendar day, YYYY-MM-DD, that exists (no 30 February). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isCalendarDay, 'not a calendar day');

// zod runs this even when the format check failed, so it must not throw on any string.
function isCalendarDay(day: string): boolean {
  const time = new Date(`${day}T00:00:00Z`).getTime();
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
}
export const isoDateTime = z.string().datetime({ offset: true });
export const uuid = z.string().uuid();

/** R6: the one email check every service applies (intake's rule and the events' contract agree). */
export const emailSchema = storableText.max(254).email();

export function isValidEmail(email: unknown): boolean {
  return emailSchema.safeParse(email).success;
}

export const locales = ['hu', 'en', 'uk'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

/** How each language writes dates and numbers (Intl): British English rather than American. */
export const INTL_LOCALE: Record<Locale, string> = { hu: 'hu-HU', en: 'en-GB', uk: 'uk-UA' };

/** One of something per language, built once (Intl objects are costly to build). */
export function byLocale<T>(build: (intlLocale: string) => T): Record<Locale, T> {
  return Object.fromEntries(locales.map((locale) => [locale, build(INTL_LOCALE[locale])])) as Record<Locale, T>;
}

export const documentTypes = ['id_card', 'passport', 'driving_licence'] as const;
export const documentTypeSchema = z.enum(documentTypes);
export type DocumentType = z.infer<typeof documentTypeSchema>;

/** R2: the natural identity data that identify a person. */
export const personSchema = z.object({
  familyName: storableText.trim().min(1).max(200),
  givenNames: storableText.trim().min(1).max(200),
  dateOfBirth: isoDate,
  placeOfBirth: storableText.trim().min(1).max(200),
  mothersBirthName: storableText.trim().min(1).max(200),
});
export type Person = z.infer<typeof personSchema>;

export const identityDocumentSchema = z.object({
  type: documentTypeSchema,
  number: storableText.trim().min(1).max(64),
  issuingCountry: z.string().regex(/^[A-Z]{2}$/, 'expected ISO 3166 alpha-2'),
  issuedOn: isoDate,
  expiresOn: isoDate,
});
export type IdentityDocument = z.infer<typeof identityDocumentSchema>;

export const watchedDocumentSchema = z.object({
  type: documentTypeSchema,
  number: storableText.trim().min(1).max(64),
  expiresOn: isoDate,
});
export type WatchedDocument = z.infer<typeof watchedDocumentSchema>;

export const reminderSettingsSchema = z.object({
  enabled: z.boolean(),
  documents: z.array(watchedDocumentSchema).max(10),
});
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

/**
 * Why an application was rejected: a code (REASON_FIELDS), an English message for logs and API readers, and the
 * values the reason states as fields of their own (R8: the day the temporary registration lapses), never only in the message.
 */
export const reasonSchema = z.object({ code: storableText, message: storableText, lapsesOn: isoDate.optional() });
export type Reason = z.infer<typeof reasonSchema>;

/** A secret on the wire: AES-256-GCM ciphertext with the id of the key that sealed it. */
export const sealedSecretSchema = z.object({
  keyId: z.string().min(1),
  iv: z.string().min(1),
  ciphertext: z.string().min(1),
  tag: z.string().min(1),
});
export type SealedSecret = z.infer<typeof sealedSecretSchema>;
