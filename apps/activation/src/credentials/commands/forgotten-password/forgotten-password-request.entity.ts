import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A forgotten-password request, stored before it is answered so that a crash after the answer loses
 * nothing. The address is kept only until the request is handled; what stays (a keyed hash of the
 * address, when, whether it was served) counts the requests per address for an hour, then goes too.
 */
@Entity('forgotten_password_request')
export class ForgottenPasswordRequest {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { name: 'address_key' })
  addressKey: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt: Date;

  @Column('timestamptz', { name: 'handled_at', nullable: true })
  handledAt: Date | null;

  @Column('boolean')
  served: boolean;
}
