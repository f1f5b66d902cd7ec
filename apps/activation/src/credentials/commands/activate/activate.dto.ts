import { storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const activateSchema = z.object({
  code: storableText.min(1).max(64),
  username: storableText.max(256),
  password: storableText.max(1024),
  passwordValidityDays: z.number().int().optional(),
});
export type ActivateDto = z.infer<typeof activateSchema>;
