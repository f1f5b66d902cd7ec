import { z } from 'zod';

// Any string is accepted (an odd address simply matches nobody): the answer must not tell addresses apart.
export const forgottenPasswordSchema = z.object({
  email: z.string().max(1024),
});
export type ForgottenPasswordDto = z.infer<typeof forgottenPasswordSchema>;
