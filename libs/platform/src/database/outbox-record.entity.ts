import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event committed with the state change that caused it, waiting for the relay (SPEC §9). */
@Entity('outbox')
export class OutboxRecord {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Column('text')
  topic: string;

  @Column('text')
  key: string;

  @Column('jsonb')
  headers: Record<string, string>;

  @Column('text')
  value: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
