import { z } from 'zod';

export const removeFactorSchema = z.object({ password: z.string().max(1024), code: z.string().max(64) }).strict();
export type RemoveFactorDto = z.infer<typeof removeFactorSchema>;
