import { z } from 'zod';

export const completeLoginSchema = z.union([
  z.object({ challenge: z.string().max(256), code: z.string().max(64) }).strict(),
  z.object({ challenge: z.string().max(256), removalCode: z.string().max(64) }).strict(),
]);
export type CompleteLoginDto = z.infer<typeof completeLoginSchema>;
