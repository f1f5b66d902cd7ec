import { storableText } from '@client-gate/contracts';
import { z } from 'zod';
import { assertionSchema } from '../../passkeys/webauthn';

/** The password and a current code of any of the account's factors, or (R27) an assertion of one of its passkeys. */
export const removeFactorSchema = z.union([
  z.object({ password: storableText.max(1024), code: storableText.max(64) }).strict(),
  z.object({ password: storableText.max(1024), assertion: assertionSchema }).strict(),
]);
export type RemoveFactorDto = z.infer<typeof removeFactorSchema>;
