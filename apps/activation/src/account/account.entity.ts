import { Locale } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AccountStatus = 'pending_activation' | 'active' | 'ended';

/** The credentials side of a gateway: username, password hash and where to send codes. */
@Entity('account')
export class Account {
  @PrimaryColumn('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  status: AccountStatus;

  @Column('text', { nullable: true })
  email: string | null;

  /** What the client's account page shows (R24); erased with the email (R12, R17). */
  @Column('text', { name: 'family_name', nullable: true })
  familyName: string | null;

  @Column('text', { name: 'given_names', nullable: true })
  givenNames: string | null;

  @Column('text', { nullable: true })
  consulate: string | null;

  @Column('text')
  locale: Locale;

  @Column('text', { nullable: true })
  username: string | null;

  @Column('text', { name: 'username_key', nullable: true })
  usernameKey: string | null;

  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash: string | null;

  @Column('timestamptz', { name: 'password_expires_at', nullable: true })
  passwordExpiresAt: Date | null;

  /** R26: set by "this was not me"; login is refused until a password reset (R13) clears it. */
  @Column('boolean', { name: 'password_reset_required', default: false })
  passwordResetRequired: boolean;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt: Date;

  @Column('timestamptz', { name: 'activated_at', nullable: true })
  activatedAt: Date | null;
}
