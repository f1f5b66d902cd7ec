import { Column, Entity, PrimaryColumn } from 'typeorm';

/** R26: the "this was not me" link of one new-sign-in email, stored only as the hash of its token; used once. */
@Entity('disavowal_token')
export class DisavowalToken {
  @PrimaryColumn('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt: Date | null;
}
