import { portSchema, serviceEnvSchema } from '@client-gate/platform';
import { z } from 'zod';

export const intakeEnvSchema = z.intersection(serviceEnvSchema, z.object({ PORT: portSchema(3001) }));
export type IntakeEnv = z.infer<typeof intakeEnvSchema>;
