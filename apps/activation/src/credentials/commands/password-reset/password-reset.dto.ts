import { storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const passwordResetSchema = z.object({
  code: storableText.min(1).max(64),
  password: storableText.max(1024),
  passwordValidityDays: z.number().int().optional(),
});
export type PasswordResetDto = z.infer<typeof passwordResetSchema>;
