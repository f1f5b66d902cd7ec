import { Locale } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where and in which language to write to a gateway's client, for reminders that fire months later. */
@Entity('recipient')
export class Recipient {
  @PrimaryColumn('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  email: string;

  @Column('text')
  locale: Locale;

  /** When the event that set these was made: an older event that arrives late changes nothing. */
  @Column('timestamptz', { name: 'as_of' })
  asOf: Date;
}
