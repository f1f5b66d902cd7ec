import { z } from 'zod';

export const passwordResetSchema = z.object({
  code: z.string().min(1).max(64),
  password: z.string().max(1024),
  passwordValidityDays: z.number().int().optional(),
});
export type PasswordResetDto = z.infer<typeof passwordResetSchema>;
