import { storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const loginSchema = z.object({
  username: storableText.max(256),
  password: storableText.max(1024),
});
export type LoginDto = z.infer<typeof loginSchema>;
