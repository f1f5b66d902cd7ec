import { ApplicationKind, Reason } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ApplicationStatus = 'submitted' | 'completed' | 'rejected';

/** An application as intake tracks it; the person's data travel to registry and are not kept here. */
@Entity('application')
export class Application {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  kind: ApplicationKind;

  @Column('text')
  status: ApplicationStatus;

  @Column('text')
  consulate: string;

  @Column('text', { name: 'officer_id' })
  officerId: string;

  @Column('uuid', { name: 'appointment_id', unique: true })
  appointmentId: string;

  @Column('uuid', { name: 'gateway_id', nullable: true })
  gatewayId: string | null;

  @Column('jsonb', { nullable: true })
  reasons: Reason[] | null;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt: Date;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;
}
