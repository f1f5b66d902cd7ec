import { Person } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type TemporaryRegistrationStatus = 'active' | 'cancelled' | 'lapsed';

/** R8: a registration made online. Once cancelled or lapsed only a tombstone remains: id, times, status. */
@Entity('temporary_registration')
export class TemporaryRegistration {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  status: TemporaryRegistrationStatus;

  @Column('text', { name: 'identity_key', nullable: true })
  identityKey: string | null;

  @Column('jsonb', { nullable: true })
  person: Person | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;
}

/** What a cancelled or lapsed registration keeps: no personal data. */
export const ERASED_PERSONAL_DATA = { identityKey: null, person: null, email: null } satisfies Partial<TemporaryRegistration>;
