import { z } from 'zod';

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().max(1024),
    newPassword: z.string().max(1024),
    passwordValidityDays: z.number().int().optional(),
  })
  .strict();
export type ChangePasswordDto = z.infer<typeof changePasswordSchema>;
