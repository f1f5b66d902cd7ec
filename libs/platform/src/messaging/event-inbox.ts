import { Inject, Injectable, Logger } from '@nestjs/common';
import { decodeEvent, DecodedEvent, EventData, EventDefinition, MalformedEventError, RawHeaders } from '@client-gate/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { EachBatchPayload } from 'kafkajs';
import { EntityManager } from 'typeorm';
import { childTraceparent, runInTrace, traceIdOf } from '../observability/trace-context';
import { Clock } from '../clock/clock';
import { isDatabaseOutage, outageReason } from '../database/outage';
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

/**
 * A set-based handler applies several events of its type at once, in partition order, in `manager`'s
 * transaction: each step once for all of them (one `… = ANY($1)` look-up, one multi-row INSERT) rather than
 * once per event. It must give the result applying them one after another would (a later event sees what an
 * earlier one did), and it is also called with a single event (when a shared transaction failed).
 */
export type EventsHandler<D extends EventDefinition = EventDefinition> = (
  events: DecodedEvent<EventData<D>>[],
  manager: EntityManager,
) => Promise<void | AfterCommit>;

export type AfterCommit = () => void;

export interface HandlerBinding {
  type: string;
  handleAll: EventsHandler;
}

/** Binds a handler to one event type, typed by its contract; the events are applied one at a time. */
export function on<D extends EventDefinition>(definition: D, handle: EventHandler<D>): HandlerBinding {
  return onAll(definition, async (events, manager) => {
    const afterCommits: AfterCommit[] = [];
    for (const event of events) {
      const afterCommit = await inTraceOf(event, () => handle(event, manager));
      if (afterCommit) afterCommits.push(afterCommit);
    }
    return afterCommits.length > 0 ? () => afterCommits.forEach((run) => run()) : undefined;
  });
}

/** Binds a set-based handler to one event type: it gets every event of that type in a row of the transaction's at once. */
export function onAll<D extends EventDefinition>(definition: D, handleAll: EventsHandler<D>): HandlerBinding {
  return { type: definition.type, handleAll: handleAll as EventsHandler };
}

/** Runs `work` in the event's trace: what it publishes and logs carries the trace on (SPEC §10). */
export function inTraceOf<T>(event: DecodedEvent, work: () => T): T {
  return runInTrace(childTraceparent(event.traceparent), work);
}

export const MAX_HANDLER_ATTEMPTS = 5;
/** Events applied in one transaction at most: enough to amortise the commit, short enough to hold locks briefly. */
export const MAX_EVENTS_PER_TRANSACTION = 100;

/** What the Kafka transport hands a consumer: one partition's records, in offset order (see BatchingKafkaServer). */
export type ConsumedBatch = EachBatchPayload;

/**
 * What a batch's long waits need from the consumer: to heartbeat (so that the group keeps this member while it
 * waits out an outage) and to learn that it should stop (the consumer is stopping, or the partition went to
 * another member in a rebalance).
 */
interface BatchControl {
  heartbeat: () => Promise<void>;
  isRunning: () => boolean;
  isStale: () => boolean;
}

/** The batch's partition is no longer this consumer's to work on: stop, resolve nothing more (the new owner redelivers). */
class BatchAbandoned extends Error {}

/** kafkajs heartbeat refusals that mean the group is rebalancing or dropped this member: the partition may be gone. */
const LOST_MEMBERSHIP = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID']);

/** Longest sleep between two heartbeats while waiting: the group's heartbeat interval is 1 s, its session 10 s. */
const HEARTBEAT_SLICE_MS = 1_000;

interface Applicable {
  record: ConsumedRecord;
  event: DecodedEvent;
  binding: HandlerBinding;
}

/** What a transaction came to: whether each record of the chunk was applied (not a duplicate), and what runs after the commit. */
interface Applied {
  applied: boolean[];
  afterCommits: AfterCommit[];
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
  async process(payload: ConsumedBatch, bindings: HandlerBinding[]): Promise<void> {
    try {
      await this.processOrAbandon(payload, bindings);
    } catch (error) {
      if (!(error instanceof BatchAbandoned)) throw error;
      this.logger.warn(
        { topic: payload.batch.topic, partition: payload.batch.partition, reason: error.message },
        'batch abandoned: the rest is redelivered to whoever owns the partition now',
      );
    }
  }

  private async processOrAbandon({ batch, heartbeat, resolveOffset, isRunning, isStale }: ConsumedBatch, bindings: HandlerBinding[]): Promise<void> {
    const control: BatchControl = { heartbeat, isRunning, isStale };
    let chunk: Applicable[] = [];
    let done: string | undefined;
    const flush = async () => {
      if (chunk.length > 0) await this.applyTogether(chunk, control);
      chunk = [];
      if (done !== undefined) resolveOffset(done);
    };
    for (const message of batch.messages) {
      this.checkOwnership(control);
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
        await this.beat(control);
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
  private async applyTogether(chunk: Applicable[], control: BatchControl): Promise<void> {
    if (chunk.length === 1) return this.applyAlone(chunk[0], control);
    for (let outages = 1; ; outages++) {
      try {
        const outcomes = await this.unitOfWork.run((manager) => this.apply(manager, chunk));
        this.committed(chunk, outcomes);
        return;
      } catch (error) {
        if (isDatabaseOutage(error as Error)) {
          await this.waitOutOutage(error as Error, outages, control);
          continue;
        }
        for (const applicable of chunk) await this.applyAlone(applicable, control);
        return;
      }
    }
  }

  /** One record in its own transactions, retried with back-off, then dead-lettered. */
  private async applyAlone(applicable: Applicable, control: BatchControl): Promise<void> {
    const { record, event } = applicable;
    // An outage is nobody's attempt: waiting one out does not bring the event closer to the dead-letter topic.
    for (let attempt = 1, outages = 1; ; ) {
      try {
        const outcomes = await this.unitOfWork.run((manager) => this.apply(manager, [applicable]));
        this.committed([applicable], outcomes);
        return;
      } catch (error) {
        const failure = error as Error;
        eventHandlerFailures.inc({ topic: record.topic, type: event.type });
        if (isDatabaseOutage(failure)) {
          await this.waitOutOutage(failure, outages++, control);
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
        await this.pause(backoffMs(attempt - 1, 100, 2_000), control);
        attempt++;
      }
    }
  }

  /**
   * Records every event id as processed in one statement, then hands the events not processed before to their
   * handlers in order: each row of events of one type at once. Returns which records were applied and what to
   * run once the transaction commits.
   */
  private async apply(manager: EntityManager, chunk: Applicable[]): Promise<Applied> {
    const inserted: { event_id: string }[] = await manager.query(
      // processed_at by the platform clock, as the pruning job reads it (PruneProcessedEventsJob).
      `INSERT INTO processed_event (event_id, consumer, processed_at)
       SELECT DISTINCT id, $2, $3::timestamptz FROM unnest($1::uuid[]) AS id
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [chunk.map(({ event }) => event.id), this.service, this.clock.now()],
    );
    const fresh = new Set(inserted.map((row) => row.event_id));
    // A record sent twice in the same chunk is applied once.
    const applied = chunk.map(({ event }) => fresh.delete(event.id));
    const afterCommits: AfterCommit[] = [];
    const toApply = chunk.filter((_, index) => applied[index]);
    for (let start = 0; start < toApply.length; ) {
      const { binding } = toApply[start];
      let end = start + 1;
      while (end < toApply.length && toApply[end].binding === binding) end++;
      const afterCommit = await binding.handleAll(toApply.slice(start, end).map(({ event }) => event), manager);
      if (afterCommit) afterCommits.push(afterCommit);
      start = end;
    }
    return { applied, afterCommits };
  }

  private committed(chunk: Applicable[], { applied, afterCommits }: Applied): void {
    chunk.forEach(({ record, event }, index) => {
      if (applied[index]) {
        this.logger.log({ traceId: traceIdOf(event.traceparent), eventId: event.id, type: event.type, topic: record.topic }, 'event applied');
      }
      eventsConsumed.inc({ topic: record.topic, type: event.type, outcome: applied[index] ? 'applied' : 'duplicate' });
    });
    for (const afterCommit of afterCommits) afterCommit();
  }

  private async waitOutOutage(failure: Error, outages: number, control: BatchControl): Promise<void> {
    const delay = backoffMs(Math.min(outages, 6), 250, 15_000);
    this.logger.warn({ reason: outageReason(failure) }, `database unavailable while applying events (${failure.message}); retrying in ${delay} ms`);
    await this.pause(delay, control);
  }

  /** Sleeps `ms`, heartbeating at least once a second, and stops when the partition is no longer this consumer's. */
  private async pause(ms: number, control: BatchControl): Promise<void> {
    for (let left = ms; left > 0; left -= HEARTBEAT_SLICE_MS) {
      await sleep(Math.min(left, HEARTBEAT_SLICE_MS));
      await this.beat(control);
    }
  }

  private async beat(control: BatchControl): Promise<void> {
    this.checkOwnership(control);
    try {
      await control.heartbeat();
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type && LOST_MEMBERSHIP.has(type)) throw new BatchAbandoned(`heartbeat refused: ${type}`);
      // The coordinator unreachable (a broker restart): the session may still hold; the watchdog sees a longer stall.
      this.logger.warn({ err: (error as Error).message }, 'heartbeat failed while a batch waits');
    }
    this.checkOwnership(control);
  }

  private checkOwnership(control: BatchControl): void {
    if (!control.isRunning()) throw new BatchAbandoned('the consumer is stopping');
    if (control.isStale()) throw new BatchAbandoned('the partition was revoked or sought');
  }
}
