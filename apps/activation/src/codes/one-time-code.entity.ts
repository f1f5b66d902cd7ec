import { CodePurpose } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A one-time code, stored only as its keyed hash; used, voided or expired codes are all refused alike. */
@Entity('one_time_code')
export class OneTimeCode {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  purpose: CodePurpose;

  @Column('text', { name: 'code_hash', unique: true })
  codeHash: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { name: 'voided_at', nullable: true })
  voidedAt: Date | null;
}
