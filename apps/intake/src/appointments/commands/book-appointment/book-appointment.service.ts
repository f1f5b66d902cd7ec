import { Injectable } from '@nestjs/common';
import { Clock, EventPublisher, StaffIdentity, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { Appointment } from '../../appointment.entity';
import { BookAppointmentDto } from './book-appointment.dto';

@Injectable()
export class BookAppointmentService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  /** The appointment and its audit event in one statement (`insertWithEvents`): one round trip instead of four. */
  async book(staff: StaffIdentity, dto: BookAppointmentDto): Promise<Appointment> {
    const appointment: Appointment = {
      id: randomUUID(),
      consulate: staff.consulate,
      channel: dto.channel,
      contact: dto.contact,
      applicantName: dto.applicantName,
      startsAt: new Date(dto.startsAt),
      status: 'booked',
      bookedBy: staff.officer,
      createdAt: this.clock.now(),
    };
    await this.unitOfWork.insertWithEvents((manager) => manager.createQueryBuilder().insert().into(Appointment).values(appointment), [
      this.events.encodeAudit({ actor: staff.officer, action: 'appointment.booked', subject: appointment.id }),
    ]);
    return appointment;
  }
}
