import { Inject, Injectable } from '@nestjs/common';
import { Topic } from '@client-gate/contracts';
import { IHeaders, Message } from 'kafkajs';
import { Clock } from '../clock/clock';
import { OutboxEvent } from './event-publisher';
import { KafkaConnection, permanentRefusal } from './kafka-connection';
import { SERVICE_NAME } from './tokens';

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
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  async send(record: ConsumedRecord, consumer: string, error: Error, attempts: number): Promise<void> {
    const headers: IHeaders = { ...record.headers };
    headers['dlq_consumer'] = consumer;
    headers['dlq_partition'] = String(record.partition);
    headers['dlq_offset'] = record.offset;
    await this.deliver({ key: record.key, value: record.value, headers }, record.topic, error, attempts);
  }

  /** An outbox event that Kafka refused for good (the relay's side): `dlq_producer` names the service. */
  async sendUnpublished(event: OutboxEvent, error: Error): Promise<void> {
    const headers: IHeaders = { ...event.headers, dlq_producer: this.service };
    await this.deliver({ key: event.key, value: event.value, headers }, event.topic, error, 1);
  }

  private async deliver(message: Message, topic: string, error: Error, attempts: number): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      dlq_error: `${error.name}: ${error.message}`.slice(0, 2000),
      dlq_topic: topic,
      dlq_attempts: String(attempts),
      dlq_failed_at: this.clock.now().toISOString(),
    };
    const send = (value: Message['value']) =>
      this.kafka.producer.send({ topic: Topic.OpsDeadLetter, acks: -1, messages: [{ key: message.key, value, headers }] });
    try {
      await send(message.value);
    } catch (failure) {
      // Too large for the dead-letter topic as well: keep the record's key, headers and reason rather than block.
      if (!permanentRefusal(failure)) {
        await this.kafka.recoverFrom(failure).catch(() => undefined);
        throw failure;
      }
      headers['dlq_value_omitted'] = `${permanentRefusal(failure)}: ${Buffer.byteLength(message.value ?? '')} bytes`;
      await send(null);
    }
  }
}
