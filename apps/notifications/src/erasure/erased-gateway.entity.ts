import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ErasureReason = 'deleted' | 'purged';

/** R12, R17: a gateway whose personal data were erased here; later events about it must not bring any back. */
@Entity('erased_gateway')
export class ErasedGateway {
  @PrimaryColumn('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  reason: ErasureReason;

  @Column('timestamptz', { name: 'erased_at' })
  erasedAt: Date;
}
