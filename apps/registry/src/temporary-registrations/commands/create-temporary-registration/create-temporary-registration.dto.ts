import { emailSchema, isoDate, personSchema } from '@client-gate/contracts';
import { z } from 'zod';

export const createTemporaryRegistrationSchema = z.object({
  person: personSchema.extend({
    // isoDate's calendar check throws on a string that is not YYYY-MM-DD (a 500): the format is checked first.
    dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').pipe(isoDate),
  }),
  email: emailSchema,
});
export type CreateTemporaryRegistrationDto = z.infer<typeof createTemporaryRegistrationSchema>;
