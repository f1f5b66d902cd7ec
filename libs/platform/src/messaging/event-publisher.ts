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

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string;
}

/** The multi-row INSERT of outbox rows, from four arrays given as parameters $n…$n+3, keeping their order. */
export function outboxInsert(first: number): string {
  const [topics, keys, headers, values] = [first, first + 1, first + 2, first + 3];
  return `INSERT INTO outbox (topic, key, headers, value)
       SELECT topic, key, headers, value FROM unnest($${topics}::text[], $${keys}::text[], $${headers}::jsonb[], $${values}::text[]) WITH ORDINALITY
         AS event(topic, key, headers, value, position)`;
}

/** outboxInsert's four parameters. */
export function outboxParameters(rows: OutboxEvent[]): unknown[] {
  return [rows.map((row) => row.topic), rows.map((row) => row.key), rows.map((row) => JSON.stringify(row.headers)), rows.map((row) => row.value)];
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
    rows.push(this.encode(definition, data));
  }

  /** ops.audit.v1: who did what to which record. Never pass secrets or personal data here. */
  async audit(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await this.publish(manager, AuditRecorded, this.auditRecord(entry));
  }

  /** An event as its outbox row, in the current trace: for `UnitOfWork.runAsOneStatement`, which writes it itself. */
  encode<D extends EventDefinition>(definition: D, data: EventData<D>): OutboxEvent {
    const record = encodeEvent(definition, data, {
      source: this.service,
      time: this.clock.now(),
      traceparent: childTraceparent(currentTraceparent()),
    });
    return { topic: definition.topic, ...record };
  }

  /** `audit`'s event as its outbox row (see `encode`). */
  encodeAudit(entry: AuditEntry): OutboxEvent {
    return this.encode(AuditRecorded, this.auditRecord(entry));
  }

  private auditRecord(entry: AuditEntry): EventData<typeof AuditRecorded> {
    return { service: this.service, ...entry, time: this.clock.now().toISOString() };
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
    await manager.query(`${outboxInsert(1)} ORDER BY position`, outboxParameters(rows));
    return rows.length;
  }
}
