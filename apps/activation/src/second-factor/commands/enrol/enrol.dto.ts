import { z } from 'zod';

export const confirmEnrolmentSchema = z.object({ code: z.string().max(64) }).strict();
export type ConfirmEnrolmentDto = z.infer<typeof confirmEnrolmentSchema>;
