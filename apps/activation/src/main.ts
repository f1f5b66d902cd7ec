import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@client-gate/platform';
import { AppModule } from './app.module';
import { activationEnvSchema } from './config';

async function main() {
  const env = loadConfigOrExit(activationEnvSchema);
  await bootstrapService(AppModule.register(env), {
    name: 'activation',
    title: 'Client Gate activation (clients)',
    port: env.PORT,
    host: env.HOST,
    brokers: env.KAFKA_BROKERS,
  });
}

void main();
