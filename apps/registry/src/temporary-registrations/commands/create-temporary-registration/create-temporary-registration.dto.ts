import { emailSchema, personSchema } from '@client-gate/contracts';
import { z } from 'zod';

export const createTemporaryRegistrationSchema = z.object({
  person: personSchema,
  email: emailSchema,
});
export type CreateTemporaryRegistrationDto = z.infer<typeof createTemporaryRegistrationSchema>;
