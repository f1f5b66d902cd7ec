import { Inject, Injectable, Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { decodeEvent, DecodedEvent, EventData, EventDefinition, MalformedEventError, RawHeaders } from '@client-gate/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { childTraceparent, runInTrace } from '../observability/trace-context';
import { isDatabaseOutage } from '../database/outage';
import { eventHandlerFailures, eventsConsumed } from '../observability/metrics';
import { DeadLetters } from './dead-letters';
import { OutboxRelay } from './outbox-relay';
import { backoffMs } from './retry';
import { SERVICE_NAME } from './tokens';

/** A handler applies the event in `manager`'s transaction; it may return work to run once that commits. */
export type EventHandler<D extends EventDefinition = EventDefinition> = (
  event: DecodedEvent<EventData<D>>,
  manager: EntityManager,
) => Promise<void | AfterCommit>;

export type AfterCommit = () => void;

export interface HandlerBinding {
  type: string;
  handle: EventHandler;
}

/** Binds a handler to one event type, typed by its contract. */
export function on<D extends EventDefinition>(definition: D, handle: EventHandler<D>): HandlerBinding {
  return { type: definition.type, handle: handle as EventHandler };
}

export const MAX_HANDLER_ATTEMPTS = 5;

/**
 * Runs a consumer's handler for one Kafka record, replacing the framework's retry-forever default:
 * the effect and the processed event id commit together (a redelivery changes nothing); failures are
 * retried with back-off a bounded number of times, then dead-lettered; malformed records are
 * dead-lettered at once; infrastructure outages are waited out instead of dead-lettering (SPEC §9).
 */
@Injectable()
export class EventInbox {
  private readonly logger = new Logger(EventInbox.name);

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetters,
    private readonly relay: OutboxRelay,
  ) {}

  async process(context: KafkaContext, bindings: HandlerBinding[]): Promise<void> {
    const message = context.getMessage();
    const record = {
      topic: context.getTopic(),
      partition: context.getPartition(),
      offset: message.offset,
      key: message.key as Buffer | string | null,
      value: message.value as Buffer | string | null,
      headers: message.headers ?? {},
    };
    let event: DecodedEvent;
    try {
      event = decodeEvent(record.headers as RawHeaders, record.value);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      this.logger.warn({ topic: record.topic, offset: record.offset, reason: error.message }, 'malformed event dead-lettered');
      await this.deadLetters.send(record, this.service, error, 1);
      eventsConsumed.inc({ topic: record.topic, type: 'malformed', outcome: 'dead_lettered' });
      return;
    }
    const binding = bindings.find((candidate) => candidate.type === event.type);
    const counted = (outcome: string) => eventsConsumed.inc({ topic: record.topic, type: event.type, outcome });
    if (!binding) return counted('ignored'); // another consumer's event on a shared topic

    await runInTrace(childTraceparent(event.traceparent), async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const outcome = await this.dataSource.transaction(async (manager) => {
            const inserted: unknown[] = await manager.query(
              'INSERT INTO processed_event (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
              [event.id, this.service],
            );
            if (inserted.length === 0) return { applied: false };
            return { applied: true, afterCommit: await binding.handle(event, manager) };
          });
          if (outcome.applied) {
            this.logger.log({ eventId: event.id, type: event.type, topic: record.topic }, 'event applied');
            this.relay.nudge();
            outcome.afterCommit?.();
          }
          return counted(outcome.applied ? 'applied' : 'duplicate');
        } catch (error) {
          const failure = error as Error;
          eventHandlerFailures.inc({ topic: record.topic, type: event.type });
          if (isDatabaseOutage(failure)) {
            const delay = backoffMs(Math.min(attempt, 6), 250, 15_000);
            this.logger.warn(`database unavailable while handling ${event.type} (${failure.message}); retrying in ${delay} ms`);
            await sleep(delay);
            await context.getHeartbeat()().catch(() => undefined);
            continue;
          }
          if (attempt >= MAX_HANDLER_ATTEMPTS) {
            this.logger.error({ eventId: event.id, type: event.type, attempts: attempt, err: failure.message }, 'event dead-lettered');
            await this.deadLetters.send(record, this.service, failure, attempt);
            return counted('dead_lettered');
          }
          await sleep(backoffMs(attempt - 1, 100, 2_000));
          await context.getHeartbeat()().catch(() => undefined);
        }
      }
    });
  }
}
