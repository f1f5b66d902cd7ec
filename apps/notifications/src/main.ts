import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@client-gate/platform';
import { AppModule } from './app.module';
import { notificationsEnvSchema } from './config';

async function main() {
  const env = loadConfigOrExit(notificationsEnvSchema);
  await bootstrapService(AppModule.register(env), {
    name: 'notifications',
    title: 'Client Gate notifications (emails)',
    port: env.PORT,
    host: env.HOST,
    brokers: env.KAFKA_BROKERS,
  });
}

void main();
