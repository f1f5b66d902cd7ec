import { personSchema } from '@client-gate/contracts';
import { z } from 'zod';

export const createTemporaryRegistrationSchema = z.object({
  person: personSchema,
  email: z.string().trim().max(254).email(),
});
export type CreateTemporaryRegistrationDto = z.infer<typeof createTemporaryRegistrationSchema>;
