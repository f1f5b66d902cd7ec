import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `session`: a signed-in client (R24); `enrolment`: a right password, good only for enrolling a factor (R22). */
export type SessionKind = 'session' | 'enrolment';

/** A client's session, stored only as the hash of its random token. */
@Entity('client_session')
export class ClientSession {
  @PrimaryColumn('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  kind: SessionKind;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt: Date;
}
