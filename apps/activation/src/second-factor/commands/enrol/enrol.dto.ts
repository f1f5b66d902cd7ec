import { storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const confirmEnrolmentSchema = z.object({ code: storableText.max(64) }).strict();
export type ConfirmEnrolmentDto = z.infer<typeof confirmEnrolmentSchema>;
