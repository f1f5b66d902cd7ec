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

  book(staff: StaffIdentity, dto: BookAppointmentDto): Promise<Appointment> {
    return this.unitOfWork.run(async (manager) => {
      const appointment = manager.create(Appointment, {
        id: randomUUID(),
        consulate: staff.consulate,
        channel: dto.channel,
        contact: dto.contact,
        applicantName: dto.applicantName,
        startsAt: new Date(dto.startsAt),
        status: 'booked',
        bookedBy: staff.officer,
        createdAt: this.clock.now(),
      });
      await manager.insert(Appointment, appointment);
      await this.events.audit(manager, { actor: staff.officer, action: 'appointment.booked', subject: appointment.id });
      return appointment;
    });
  }
}
