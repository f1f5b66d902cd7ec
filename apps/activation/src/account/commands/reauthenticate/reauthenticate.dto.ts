import { storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const reauthenticateSchema = z.object({ password: storableText.max(1024), code: storableText.max(64) }).strict();
export type ReauthenticateDto = z.infer<typeof reauthenticateSchema>;
