import { portSchema, serviceEnvSchema } from '@client-gate/platform';
import { z } from 'zod';

export const registryEnvSchema = z.intersection(serviceEnvSchema, z.object({ PORT: portSchema(3002) }));
export type RegistryEnv = z.infer<typeof registryEnvSchema>;
