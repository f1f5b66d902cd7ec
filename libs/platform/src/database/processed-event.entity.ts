import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Event ids a consumer has applied, written in the same transaction as the effect (idempotency). */
@Entity('processed_event')
export class ProcessedEvent {
  @PrimaryColumn('text', { name: 'event_id' })
  eventId: string;

  @PrimaryColumn('text')
  consumer: string;

  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' })
  processedAt: Date;
}
