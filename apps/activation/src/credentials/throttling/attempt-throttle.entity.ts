import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ThrottleScope = 'account' | 'address';

/**
 * Failed attempts of one account or one client address (SPEC §8), shared by every instance. The key is
 * a keyed hash of the username or address, so that the table holds no personal data.
 */
@Entity('attempt_throttle')
export class AttemptThrottleRecord {
  @PrimaryColumn('text')
  scope: ThrottleScope;

  @PrimaryColumn('text', { name: 'key_hash' })
  keyHash: string;

  @Column('integer')
  failures: number;

  @Column('timestamptz', { name: 'last_failure_at', nullable: true })
  lastFailureAt: Date | null;

  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil: Date | null;
}
