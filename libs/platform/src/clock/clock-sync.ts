import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClockSet, decodeEvent, RawHeaders, Topic } from '@client-gate/contracts';
import { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { KafkaConnection } from '../messaging/kafka-connection';
import { retryForever } from '../messaging/retry';
import { SERVICE_NAME } from '../messaging/tokens';
import { Clock } from './clock';
import { ControllableClock } from './controllable-clock';

/**
 * Keeps this instance's controllable clock on the platform's shared time: every instance reads
 * ops.clock.v1 in a consumer group of its own, from the beginning, and starts serving only once it
 * has caught up, so a restarted service comes back at the simulated time.
 */
@Injectable()
export class ClockSync implements OnApplicationShutdown {
  private readonly logger = new Logger(ClockSync.name);
  private consumer?: Consumer;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly clock: Clock,
    private readonly kafka: KafkaConnection,
  ) {}

  async start(): Promise<void> {
    if (!(this.clock instanceof ControllableClock)) return;
    const clock = this.clock;
    // Another service may have just created the topic: its leader can take a moment to be elected.
    const end = await retryForever('Kafka clock topic', this.logger, async () => {
      const admin = this.kafka.kafka.admin();
      await admin.connect();
      try {
        return (await admin.fetchTopicOffsets(Topic.OpsClock))[0];
      } finally {
        await admin.disconnect();
      }
    });
    const lastOffset = BigInt(end.high) - 1n;

    let caughtUp: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (lastOffset < 0n) caughtUp();

    this.consumer = this.kafka.kafka.consumer({ groupId: `${this.service}-clock-${randomUUID()}`, maxWaitTimeInMs: 500 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: Topic.OpsClock, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        try {
          const event = decodeEvent(message.headers as RawHeaders, message.value);
          if (event.type === ClockSet.type) {
            const data = event.data as { offsetMs: number; version: string };
            clock.apply(data.offsetMs, data.version);
            this.logger.log(`clock now ${clock.now().toISOString()} (offset ${data.offsetMs} ms)`);
          }
        } catch (error) {
          this.logger.warn(`ignored a record on ${Topic.OpsClock}: ${(error as Error).message}`);
        }
        if (BigInt(message.offset) >= lastOffset) caughtUp();
      },
    });
    await ready;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
