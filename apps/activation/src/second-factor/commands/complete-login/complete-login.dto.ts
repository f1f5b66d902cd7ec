import { storableText } from '@client-gate/contracts';
import { z } from 'zod';
import { assertionSchema } from '../../passkeys/webauthn';

export const completeLoginSchema = z.union([
  z.object({ challenge: storableText.max(256), code: storableText.max(64) }).strict(),
  z.object({ challenge: storableText.max(256), removalCode: storableText.max(64) }).strict(),
  z.object({ challenge: storableText.max(256), assertion: assertionSchema }).strict(),
]);
export type CompleteLoginDto = z.infer<typeof completeLoginSchema>;
