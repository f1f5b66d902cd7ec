import { KafkaOptions, Transport } from '@nestjs/microservices';
import { KafkaConfig, logLevel } from 'kafkajs';

export const TOPIC_PARTITIONS = 6;

/** The one Kafka client configuration every service uses, from env (KAFKA_BROKERS). */
export function kafkaClientConfig(clientId: string, brokers: string[]): KafkaConfig {
  return {
    clientId,
    brokers,
    // Connection failures are retried and reported by the platform itself (retryForever), not logged per try.
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 5 },
  };
}

/** The Nest Kafka transport: one consumer group per service, raw bytes kept for the inbox to decode. */
export function kafkaMicroserviceOptions(service: string, brokers: string[]): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: kafkaClientConfig(`${service}-consumer`, brokers),
      consumer: {
        groupId: service,
        allowAutoTopicCreation: false,
        // A short long-poll lets a new instance join the group in well under a second, and a short
        // session lets the group notice a killed instance in 10 s rather than 30.
        maxWaitTimeInMs: 500,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        retry: { retries: Number.MAX_SAFE_INTEGER },
      },
      subscribe: { fromBeginning: true },
      // One message at a time per partition (per-key order holds), several partitions at once: the
      // framework's default of one message at a time per service was the platform's bottleneck.
      run: { partitionsConsumedConcurrently: TOPIC_PARTITIONS },
      parser: { keepBinary: true },
      postfixId: '',
    },
  };
}

