import { storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const reportNotMeSchema = z.object({ token: storableText.max(256) }).strict();
export type ReportNotMeDto = z.infer<typeof reportNotMeSchema>;
