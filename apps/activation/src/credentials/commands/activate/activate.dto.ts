import { z } from 'zod';

export const activateSchema = z.object({
  code: z.string().min(1).max(64),
  username: z.string().max(256),
  password: z.string().max(1024),
  passwordValidityDays: z.number().int().optional(),
});
export type ActivateDto = z.infer<typeof activateSchema>;
