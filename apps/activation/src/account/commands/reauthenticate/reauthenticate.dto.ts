import { removeFactorSchema } from '../../../second-factor/commands/remove/remove.dto';
import { z } from 'zod';

/** The password and a current code, or (R27) a passkey's assertion: what a factor's removal takes. */
export const reauthenticateSchema = removeFactorSchema;
export type ReauthenticateDto = z.infer<typeof reauthenticateSchema>;
