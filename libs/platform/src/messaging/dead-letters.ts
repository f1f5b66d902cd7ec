import { Injectable } from '@nestjs/common';
import { Topic } from '@client-gate/contracts';
import { IHeaders } from 'kafkajs';
import { Clock } from '../clock/clock';
import { KafkaConnection } from './kafka-connection';

/** A record as a consumer took it from Kafka. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: IHeaders;
}

/**
 * Moves a record that cannot be processed to ops.dead-letter.v1 with its original key, value and
 * headers plus why it failed, so that its partition can move on (SPEC §9). Values carry no secret
 * in clear: codes travel sealed.
 */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly clock: Clock,
  ) {}

  async send(record: ConsumedRecord, consumer: string, error: Error, attempts: number): Promise<void> {
    const headers: IHeaders = { ...record.headers };
    headers['dlq_error'] = `${error.name}: ${error.message}`.slice(0, 2000);
    headers['dlq_consumer'] = consumer;
    headers['dlq_topic'] = record.topic;
    headers['dlq_partition'] = String(record.partition);
    headers['dlq_offset'] = record.offset;
    headers['dlq_attempts'] = String(attempts);
    headers['dlq_failed_at'] = this.clock.now().toISOString();
    await this.kafka.producer.send({
      topic: Topic.OpsDeadLetter,
      acks: -1,
      messages: [{ key: record.key, value: record.value, headers }],
    });
  }
}
