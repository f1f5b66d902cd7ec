import { DocumentType } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ReminderKind = 'document-expiry' | 'password-expiry';
export type ReminderStatus = 'scheduled' | 'sent' | 'skipped';

/**
 * One reminder of R19 (a watched document) or R20 (the password), due on a calendar day. A unique key
 * (gateway, kind, document, expiry, threshold) makes each one happen once, even when a schedule is replaced.
 */
@Entity('reminder')
export class Reminder {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  kind: ReminderKind;

  @Column('text', { name: 'document_type', nullable: true })
  documentType: DocumentType | null;

  @Column('text', { name: 'document_number', nullable: true })
  documentNumber: string | null;

  /** The day the document or password expires (UTC). */
  @Column('date', { name: 'expires_on' })
  expiresOn: string;

  /** The password's exact expiry, shown in its reminder. */
  @Column('timestamptz', { name: 'password_expires_at', nullable: true })
  passwordExpiresAt: Date | null;

  @Column('int', { name: 'threshold_days' })
  thresholdDays: number;

  @Column('date', { name: 'due_on' })
  dueOn: string;

  @Column('text')
  status: ReminderStatus;

  @Column('uuid', { name: 'notification_id', nullable: true })
  notificationId: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'settled_at', nullable: true })
  settledAt: Date | null;
}
