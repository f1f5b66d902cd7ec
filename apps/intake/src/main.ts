import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@client-gate/platform';
import { AppModule } from './app.module';
import { intakeEnvSchema } from './config';

async function main() {
  const env = loadConfigOrExit(intakeEnvSchema);
  await bootstrapService(AppModule.register(env), {
    name: 'intake',
    title: 'Client Gate intake (consular officers)',
    port: env.PORT,
    host: env.HOST,
    brokers: env.KAFKA_BROKERS,
  });
}

void main();
