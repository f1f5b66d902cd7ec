import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Server } from 'node:http';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { z } from 'zod';
import { ConfigError, HttpTimeouts, readEnv } from './config/env';
import { ClockSync } from './clock/clock-sync';
import { bodyParsing } from './http/body-parsing';
import { HttpErrorFilter } from './http/http-error.filter';
import { kafkaMicroserviceOptions, KafkaTimeLimits } from './messaging/kafka-config';
import { ConsumerLiveness } from './messaging/consumer-liveness';
import { KafkaConnection, ReplicationShortfallError } from './messaging/kafka-connection';
import { OutboxRelay } from './messaging/outbox-relay';

/** Reads the service's configuration or stops the process with a message naming the variable. */
function loadConfigOrExit<S extends z.ZodType>(schema: S): z.infer<S> {
  try {
    return readEnv(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

interface BootstrapOptions {
  name: string;
  title: string;
  port: number;
  host: string;
  brokers: string[];
  httpTimeouts: HttpTimeouts;
  kafkaLimits: KafkaTimeLimits;
}

/** A service's `main`: reads its configuration (or stops, naming the variable), then starts it. */
export function runService<
E extends HttpTimeouts & KafkaTimeLimits & { PORT: number; HOST: string; KAFKA_BROKERS: string[] }>(service: {
  name: string;
  title: string;
  envSchema: z.ZodType<E>;
  module: (env: E) => DynamicModule;
}): void {
  const env = loadConfigOrExit(service.envSchema);
  bootstrapService(service.module(env), {
    name: service.name,
    title: service.title,
    port: env.PORT,
    host: env.HOST,
    brokers: env.KAFKA_BROKERS,
    httpTimeouts: env,
    kafkaLimits: env,
  }).catch((error: unknown) => {
    // A refusal at start (ReplicationShortfallError, in production) says what in one line; anything else with its stack.
    const why = error instanceof ReplicationShortfallError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${service.name} did not start: ${why}\n`);
    process.exit(1);
  });
}

/**
 * Starts one service: HTTP app, Kafka consumer (attached microservice) and outbox relay.
 * SIGTERM stops consuming, finishes in-flight work and flushes the outbox before exit.
 */
async function bootstrapService(module: Type | DynamicModule, options: BootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true, bodyParser: false });
  app.use(...bodyParsing);
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpErrorFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(options.title).addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.get(KafkaConnection).connect();
  await app.get(ClockSync).start();
  app.connectMicroservice(kafkaMicroserviceOptions(options.name, options.brokers, app.get(ConsumerLiveness), options.kafkaLimits), {
    inheritAppConfig: true,
  });
  await app.startAllMicroservices();
  app.get(OutboxRelay).start();
  applyHttpTimeouts(app, options.httpTimeouts);
  await app.listen(options.port, options.host);
  stopOnSignals(app);
  return app;
}

/** Every HTTP server's timeouts (httpTimeoutsShape): Node's 5 s keep-alive is below a proxy's idle timeout. Call before listen. */
export function applyHttpTimeouts(app: INestApplication, timeouts: HttpTimeouts): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = timeouts.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000;
  server.headersTimeout = timeouts.HTTP_HEADERS_TIMEOUT_SECONDS * 1000;
}

/** SIGTERM/SIGINT: stop consuming, finish in-flight work, flush the outbox (the hooks do it), exit 0. */
function stopOnSignals(app: INestApplication): void {
  const logger = app.get(Logger);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    const forced = setTimeout(() => process.exit(1), 30_000);
    forced.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
