import { Locale, Person, ReminderSettings } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type LiveStatus = 'pending_activation' | 'active';
export type GatewayStatus = LiveStatus | 'deleted' | 'purged';
export const LIVE_STATUSES: LiveStatus[] = ['pending_activation', 'active'];
export type GatewayEndReason = 'deleted_on_request' | 'not_activated_within_60_days';

/** A Client Gate account. After deletion or purge only a tombstone without personal data remains. */
@Entity('gateway')
export class Gateway {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  status: GatewayStatus;

  @Column('text')
  consulate: string;

  @Column('text', { name: 'identity_key', nullable: true })
  identityKey: string | null;

  @Column('jsonb', { nullable: true })
  person: Person | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text')
  locale: Locale;

  @Column('jsonb', { nullable: true })
  reminders: ReminderSettings | null;

  @Column('text', { nullable: true })
  username: string | null;

  /** R15: usernames are unique case-insensitively among live gateways (`usernameKey`). */
  @Column('text', { name: 'username_key', nullable: true })
  usernameKey: string | null;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt: Date;

  @Column('timestamptz', { name: 'activated_at', nullable: true })
  activatedAt: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;

  @Column('text', { name: 'end_reason', nullable: true })
  endReason: GatewayEndReason | null;
}

/** What a deleted or purged gateway keeps: no personal data (R12, R17). */
export const ERASED_PERSONAL_DATA = {
  identityKey: null,
  person: null,
  email: null,
  reminders: null,
  username: null,
  usernameKey: null,
} satisfies Partial<Gateway>;

/** A gateway that is neither deleted nor purged: its personal data are all there. */
export type LiveGateway = Gateway & {
  status: LiveStatus;
  identityKey: string;
  person: Person;
  email: string;
  reminders: ReminderSettings;
};
