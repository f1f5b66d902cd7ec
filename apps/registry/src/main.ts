import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@client-gate/platform';
import { AppModule } from './app.module';
import { registryEnvSchema } from './config';

async function main() {
  const env = loadConfigOrExit(registryEnvSchema);
  await bootstrapService(AppModule.register(env), {
    name: 'registry',
    title: 'Client Gate registry (gateways)',
    port: env.PORT,
    host: env.HOST,
    brokers: env.KAFKA_BROKERS,
  });
}

void main();
