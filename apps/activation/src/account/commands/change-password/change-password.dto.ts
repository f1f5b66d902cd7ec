import { storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const changePasswordSchema = z
  .object({
    currentPassword: storableText.max(1024),
    newPassword: storableText.max(1024),
    passwordValidityDays: z.number().int().optional(),
  })
  .strict();
export type ChangePasswordDto = z.infer<typeof changePasswordSchema>;
