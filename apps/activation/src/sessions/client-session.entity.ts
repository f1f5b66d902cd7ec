import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `session`: a signed-in client (R24); `enrolment`: a right password, good only for enrolling a factor (R22). */
export type SessionKind = 'session' | 'enrolment';

/** A client's session, stored only as the hash of its random token; `id` is the public name the account page shows (R26). */
@Entity('client_session')
export class ClientSession {
  @PrimaryColumn('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('uuid', { unique: true })
  id: string;

  @Column('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  kind: SessionKind;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt: Date;

  /** The last time the client typed the password and a code (sign-in or re-authentication, R26). */
  @Column('timestamptz', { name: 'authenticated_at' })
  authenticatedAt: Date;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent: string | null;
}
