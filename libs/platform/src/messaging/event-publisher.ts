import { Inject, Injectable } from '@nestjs/common';
import { AuditRecorded, encodeEvent, EventData, EventDefinition } from '@client-gate/contracts';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { OutboxRecord } from '../database/outbox-record.entity';
import { childTraceparent, currentTraceparent } from '../observability/trace-context';
import { SERVICE_NAME } from './tokens';

/**
 * Writes events into the outbox inside the caller's transaction, so that a state change and the
 * events it causes commit together (SPEC §9); the relay publishes them afterwards.
 */
@Injectable()
export class EventPublisher {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly clock: Clock,
  ) {}

  async publish<D extends EventDefinition>(manager: EntityManager, definition: D, data: EventData<D>): Promise<void> {
    const record = encodeEvent(definition, data, {
      source: this.service,
      time: this.clock.now(),
      traceparent: childTraceparent(currentTraceparent()),
    });
    await manager.insert(OutboxRecord, { topic: definition.topic, ...record });
  }

  /** ops.audit.v1: who did what to which record. Never pass secrets or personal data here. */
  async audit(manager: EntityManager, entry: { actor: string; action: string; subject: string }): Promise<void> {
    await this.publish(manager, AuditRecorded, { service: this.service, ...entry, time: this.clock.now().toISOString() });
  }
}
