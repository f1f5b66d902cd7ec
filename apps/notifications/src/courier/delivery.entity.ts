import { Locale } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EmailType } from './email-types';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/**
 * An email stored before it is dispatched (at least once, de-duplicated by notification id).
 * Template data hold secrets only sealed; they are opened at send time. Once sent (or given up), the
 * address and template data are scrubbed: only unsent deliveries hold personal data.
 */
@Entity('delivery')
export class Delivery {
  @PrimaryColumn('uuid', { name: 'notification_id' })
  notificationId: string;

  @Column('text')
  type: EmailType;

  @Column('uuid', { name: 'gateway_id', nullable: true })
  gatewayId: string | null;

  @Column('text', { nullable: true })
  recipient: string | null;

  @Column('text')
  locale: Locale;

  @Column('jsonb', { name: 'template_data' })
  templateData: Record<string, unknown>;

  @Column('text')
  status: DeliveryStatus;

  @Column('int')
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt: Date;

  /** While in the future, one courier holds this delivery and no other sends it. */
  @Column('timestamptz', { name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;
}
