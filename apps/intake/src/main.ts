import 'reflect-metadata';
import { runService } from '@client-gate/platform';
import { AppModule } from './app.module';
import { intakeEnvSchema } from './config';

runService({ name: 'intake', title: 'Client Gate intake (consular officers)', envSchema: intakeEnvSchema, module: (env) => AppModule.register(env) });
