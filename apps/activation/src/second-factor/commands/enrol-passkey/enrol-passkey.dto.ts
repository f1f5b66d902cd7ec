import { z } from 'zod';
import { passkeyNameSchema, registrationCredentialSchema } from '../../passkeys/webauthn';

export const registerPasskeySchema = z.object({ credential: registrationCredentialSchema, name: passkeyNameSchema.optional() }).strict();
export type RegisterPasskeyDto = z.infer<typeof registerPasskeySchema>;
