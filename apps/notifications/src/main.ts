import 'reflect-metadata';
import { runService } from '@client-gate/platform';
import { AppModule } from './app.module';
import { notificationsEnvSchema } from './config';

runService({ name: 'notifications', title: 'Client Gate notifications (emails)', envSchema: notificationsEnvSchema, module: (env) => AppModule.register(env) });
