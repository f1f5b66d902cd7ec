import { Inject, Injectable, Logger } from '@nestjs/common';
import { decodeEvent, DecodedEvent, EventData, EventDefinition, MalformedEventError, RawHeaders } from '@client-gate/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { EachBatchPayload } from 'kafkajs';
import { EntityManager } from 'typeorm';
import { childTraceparent, runInTrace, traceIdOf } from '../observability/trace-context';
import { Clock } from '../clock/clock';
import { isDatabaseOutage } from '../database/outage';
import { eventHandlerFailures, eventsConsumed } from '../observability/metrics';
import { DeadLetters, ConsumedRecord } from './dead-letters';
import { backoffMs } from './retry';
import { SERVICE_NAME } from './tokens';
import { UnitOfWork } from './unit-of-work';

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
/** Events applied in one transaction at most: enough to amortise the commit, short enough to hold locks briefly. */
export const MAX_EVENTS_PER_TRANSACTION = 100;

/** What the Kafka transport hands a consumer: one partition's records, in offset order (see BatchingKafkaServer). */
export type ConsumedBatch = EachBatchPayload;

/** Lets the broker know the consumer is alive while a batch waits out an outage or a back-off. */
type Heartbeat = () => Promise<void>;

interface Applicable {
  record: ConsumedRecord;
  event: DecodedEvent;
  binding: HandlerBinding;
}

/**
 * Applies the records a consumer took from one partition, replacing the framework's one-at-a-time,
 * retry-forever default (SPEC §9):
 * - the records' effects and their processed event ids commit together, up to MAX_EVENTS_PER_TRANSACTION
 *   in one transaction, in partition order (a redelivery changes nothing);
 * - when such a transaction fails, its records are applied again one by one, each retried with back-off
 *   a bounded number of times and then dead-lettered, so one bad record holds back no other;
 * - malformed records are dead-lettered at once; database outages are waited out, never dead-lettered.
 */
@Injectable()
export class EventInbox {
  private readonly logger = new Logger(EventInbox.name);

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly unitOfWork: UnitOfWork,
    private readonly deadLetters: DeadLetters,
    private readonly clock: Clock,
  ) {}

  /**
   * Applies one partition's batch in offset order, resolving each record's offset once everything up to
   * it is done (the transport commits resolved offsets).
   */
  async process({ batch, heartbeat, resolveOffset }: ConsumedBatch, bindings: HandlerBinding[]): Promise<void> {
    let chunk: Applicable[] = [];
    let done: string | undefined;
    const flush = async () => {
      if (chunk.length > 0) await this.applyTogether(chunk, heartbeat);
      chunk = [];
      if (done !== undefined) resolveOffset(done);
    };
    for (const message of batch.messages) {
      const record = {
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        headers: message.headers ?? {},
      };
      const applicable = await this.prepare(record, bindings);
      if (applicable) chunk.push(applicable);
      done = message.offset;
      if (chunk.length >= MAX_EVENTS_PER_TRANSACTION) {
        await flush();
        await heartbeat().catch(() => undefined);
      }
    }
    await flush();
  }

  /** Decodes a record and finds its handler; dead-letters it if malformed; undefined when there is nothing to do. */
  private async prepare(record: ConsumedRecord, bindings: HandlerBinding[]): Promise<Applicable | undefined> {
    let event: DecodedEvent;
    try {
      event = decodeEvent(record.headers as RawHeaders, record.value);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      this.logger.warn({ topic: record.topic, offset: record.offset, reason: error.message }, 'malformed event dead-lettered');
      await this.deadLetters.send(record, this.service, error, 1);
      eventsConsumed.inc({ topic: record.topic, type: 'malformed', outcome: 'dead_lettered' });
      return undefined;
    }
    const binding = bindings.find((candidate) => candidate.type === event.type);
    if (binding) return { record, event, binding };
    eventsConsumed.inc({ topic: record.topic, type: event.type, outcome: 'ignored' }); // another consumer's event on a shared topic
    return undefined;
  }

  /** One transaction for the whole chunk; if it fails for any reason but an outage, one by one instead. */
  private async applyTogether(chunk: Applicable[], heartbeat: Heartbeat): Promise<void> {
    if (chunk.length === 1) return this.applyAlone(chunk[0], heartbeat);
    for (let outages = 1; ; outages++) {
      try {
        const outcomes = await this.unitOfWork.run((manager) => this.apply(manager, chunk));
        this.committed(chunk, outcomes);
        return;
      } catch (error) {
        if (isDatabaseOutage(error as Error)) {
          await this.waitOutOutage(error as Error, outages, heartbeat);
          continue;
        }
        for (const applicable of chunk) await this.applyAlone(applicable, heartbeat);
        return;
      }
    }
  }

  /** One record in its own transactions, retried with back-off, then dead-lettered. */
  private async applyAlone(applicable: Applicable, heartbeat: Heartbeat): Promise<void> {
    const { record, event } = applicable;
    for (let attempt = 1, outages = 1; ; attempt++) {
      try {
        const outcomes = await this.unitOfWork.run((manager) => this.apply(manager, [applicable]));
        this.committed([applicable], outcomes);
        return;
      } catch (error) {
        const failure = error as Error;
        eventHandlerFailures.inc({ topic: record.topic, type: event.type });
        if (isDatabaseOutage(failure)) {
          await this.waitOutOutage(failure, outages++, heartbeat);
          continue;
        }
        if (attempt >= MAX_HANDLER_ATTEMPTS) {
          this.logger.error(
            { traceId: traceIdOf(event.traceparent), eventId: event.id, type: event.type, attempts: attempt, err: failure.message },
            'event dead-lettered',
          );
          await this.deadLetters.send(record, this.service, failure, attempt);
          eventsConsumed.inc({ topic: record.topic, type: event.type, outcome: 'dead_lettered' });
          return;
        }
        await sleep(backoffMs(attempt - 1, 100, 2_000));
        await heartbeat().catch(() => undefined);
      }
    }
  }

  /**
   * Records every event id as processed in one statement, then runs the handlers of those not processed
   * before, in order, each in its own trace. Returns what each record came to.
   */
  private async apply(manager: EntityManager, chunk: Applicable[]): Promise<(AfterCommit | boolean)[]> {
    const inserted: { event_id: string }[] = await manager.query(
      // processed_at by the platform clock, as the pruning job reads it (PruneProcessedEventsJob).
      `INSERT INTO processed_event (event_id, consumer, processed_at)
       SELECT DISTINCT id, $2, $3::timestamptz FROM unnest($1::uuid[]) AS id
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [chunk.map(({ event }) => event.id), this.service, this.clock.now()],
    );
    const fresh = new Set(inserted.map((row) => row.event_id));
    const outcomes: (AfterCommit | boolean)[] = [];
    for (const { event, binding } of chunk) {
      // A record sent twice in the same chunk is applied once.
      if (!fresh.delete(event.id)) {
        outcomes.push(false);
        continue;
      }
      const afterCommit = await runInTrace(childTraceparent(event.traceparent), () => binding.handle(event, manager));
      outcomes.push(afterCommit ?? true);
    }
    return outcomes;
  }

  private committed(chunk: Applicable[], outcomes: (AfterCommit | boolean)[]): void {
    chunk.forEach(({ record, event }, index) => {
      const applied = outcomes[index] !== false;
      if (applied) {
        this.logger.log({ traceId: traceIdOf(event.traceparent), eventId: event.id, type: event.type, topic: record.topic }, 'event applied');
      }
      eventsConsumed.inc({ topic: record.topic, type: event.type, outcome: applied ? 'applied' : 'duplicate' });
    });
    for (const outcome of outcomes) if (typeof outcome === 'function') outcome();
  }

  private async waitOutOutage(failure: Error, outages: number, heartbeat: Heartbeat): Promise<void> {
    const delay = backoffMs(Math.min(outages, 6), 250, 15_000);
    this.logger.warn(`database unavailable while applying events (${failure.message}); retrying in ${delay} ms`);
    await sleep(delay);
    await heartbeat().catch(() => undefined);
  }
}
