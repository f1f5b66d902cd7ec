import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AppointmentChannel = 'phone' | 'email';
export type AppointmentStatus = 'booked' | 'used';

/** R4: booked in advance by phone or email at one consulate; serves one application. */
@Entity('appointment')
export class Appointment {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  consulate: string;

  @Column('text')
  channel: AppointmentChannel;

  /** Erased once the appointment is used, or 30 days after its start when it never was (data minimisation). */
  @Column('text', { nullable: true })
  contact: string | null;

  @Column('text', { name: 'applicant_name', nullable: true })
  applicantName: string | null;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt: Date;

  @Column('text')
  status: AppointmentStatus;

  @Column('text', { name: 'booked_by' })
  bookedBy: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
