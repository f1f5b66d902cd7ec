import { Inject, Injectable } from '@nestjs/common';
import { AuditRecorded, encodeEvent, EventData, EventDefinition } from '@client-gate/contracts';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { childTraceparent, currentTraceparent } from '../observability/trace-context';
import { SERVICE_NAME } from './tokens';

/** An event as the outbox holds it: what the relay sends to Kafka. */
export interface OutboxEvent {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

/**
 * Writes events into the outbox inside the caller's transaction, so that a state change and the
 * events it causes commit together (SPEC §9); the relay publishes them afterwards. A transaction's
 * events are written in one multi-row INSERT just before it commits (`UnitOfWork.run` calls `flush`):
 * one round trip rather than one per event.
 */
@Injectable()
export class EventPublisher {
  private readonly pending = new WeakMap<EntityManager, OutboxEvent[]>();

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly clock: Clock,
  ) {}

  async publish<D extends EventDefinition>(manager: EntityManager, definition: D, data: EventData<D>): Promise<void> {
    const rows = this.pending.get(manager);
    // An event written outside UnitOfWork.run would never be flushed: refuse it loudly.
    if (!rows) throw new Error(`${definition.type} published outside UnitOfWork.run`);
    const record = encodeEvent(definition, data, {
      source: this.service,
      time: this.clock.now(),
      traceparent: childTraceparent(currentTraceparent()),
    });
    rows.push({ topic: definition.topic, ...record });
  }

  /** ops.audit.v1: who did what to which record. Never pass secrets or personal data here. */
  async audit(manager: EntityManager, entry: { actor: string; action: string; subject: string }): Promise<void> {
    await this.publish(manager, AuditRecorded, { service: this.service, ...entry, time: this.clock.now().toISOString() });
  }

  /** Called by UnitOfWork.run as its transaction begins. */
  open(manager: EntityManager): void {
    this.pending.set(manager, []);
  }

  /** Called by UnitOfWork.run before it commits: writes the transaction's events in their order; how many. */
  async flush(manager: EntityManager): Promise<number> {
    const rows = this.pending.get(manager) ?? [];
    this.pending.delete(manager);
    if (rows.length === 0) return 0;
    await manager.query(
      `INSERT INTO outbox (topic, key, headers, value)
       SELECT topic, key, headers, value FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) WITH ORDINALITY
         AS event(topic, key, headers, value, position)
       ORDER BY position`,
      [rows.map((row) => row.topic), rows.map((row) => row.key), rows.map((row) => JSON.stringify(row.headers)), rows.map((row) => row.value)],
    );
    return rows.length;
  }
}
