import 'reflect-metadata';
import { runService } from '@client-gate/platform';
import { AppModule } from './app.module';
import { registryEnvSchema } from './config';

runService({ name: 'registry', title: 'Client Gate registry (gateways)', envSchema: registryEnvSchema, module: (env) => AppModule.register(env) });
