import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { applyHttpTimeouts, ConfigError, readEnv } from '@client-gate/platform';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { deskEnvSchema } from './config';

async function main() {
  let env;
  try {
    env = readEnv(deskEnvSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  applyHttpTimeouts(app, env);
  await app.listen(env.PORT, env.HOST);
}

void main();
