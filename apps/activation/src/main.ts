import 'reflect-metadata';
import { runService } from '@client-gate/platform';
import { AppModule } from './app.module';
import { activationEnvSchema } from './config';

runService({ name: 'activation', title: 'Client Gate activation (clients)', envSchema: activationEnvSchema, module: (env) => AppModule.register(env) });
