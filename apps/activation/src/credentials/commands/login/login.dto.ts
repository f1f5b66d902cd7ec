import { z } from 'zod';

export const loginSchema = z.object({
  username: z.string().max(256),
  password: z.string().max(1024),
});
export type LoginDto = z.infer<typeof loginSchema>;
