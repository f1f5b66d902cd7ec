import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** R26: what the account's activity lists. */
export const activityKinds = [
  'signed-in',
  'sign-in-failed',
  'password-changed',
  'password-reset',
  'factor-enrolled',
  'factor-removed',
  'removal-code-used',
  'removal-code-renewed',
  'session-ended',
  'sessions-ended',
  'not-me-reported',
] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** One security event of an account (R26), kept 90 days, erased with the account (R12, R17). The address is stored masked. */
@Entity('account_activity')
export class AccountActivity {
  /** In the order written: events of one transaction share their time. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('timestamptz')
  at: Date;

  @Column('text')
  kind: ActivityKind;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent: string | null;

  @Column('text', { nullable: true })
  address: string | null;
}
