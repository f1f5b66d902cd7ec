import { storableText } from '@client-gate/contracts';
import { z } from 'zod';

// Any string is accepted (an odd address simply matches nobody): the answer must not tell addresses apart.
export const forgottenPasswordSchema = z.object({
  email: storableText.max(1024),
});
export type ForgottenPasswordDto = z.infer<typeof forgottenPasswordSchema>;
