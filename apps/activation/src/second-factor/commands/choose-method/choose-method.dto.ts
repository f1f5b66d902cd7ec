import { secondFactorMethods, storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const chooseMethodSchema = z.object({ challenge: storableText.max(256), method: z.enum(secondFactorMethods) }).strict();
export type ChooseMethodDto = z.infer<typeof chooseMethodSchema>;
