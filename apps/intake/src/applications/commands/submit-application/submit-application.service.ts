import { Injectable } from '@nestjs/common';
import { ApplicationSubmitted, Reason, ReminderSettings } from '@client-gate/contracts';
import { ApiError, Clock, EventPublisher, isoDay, StaffIdentity, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { Appointment } from '../../../appointments/appointment.entity';
import { Application } from '../../application.entity';
import { checkEligibility } from '../../domain/eligibility';
import { SubmitApplicationDto } from './submit-application.dto';

@Injectable()
export class SubmitApplicationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  /** Checks the intake rules (R1, R4, R5, R6), then hands the application to registry over Kafka. */
  submit(staff: StaffIdentity, dto: SubmitApplicationDto): Promise<Application> {
    const now = this.clock.now();
    return this.unitOfWork.run(async (manager) => {
      const appointment = await manager.findOne(Appointment, {
        where: { id: dto.appointmentId, consulate: staff.consulate },
        lock: { mode: 'pessimistic_write' },
      });
      const reasons: Reason[] = [];
      if (!appointment) {
        reasons.push({ code: 'APPOINTMENT_NOT_FOUND', message: 'No appointment with this id was booked at your consulate (R4).' });
      } else if (appointment.status === 'used') {
        reasons.push({ code: 'APPOINTMENT_ALREADY_USED', message: 'This appointment has already served an application (R4).' });
      }
      reasons.push(
        ...checkEligibility({
          kind: dto.kind,
          changes: dto.changes,
          dateOfBirth: dto.person.dateOfBirth,
          citizenship: dto.citizenship,
          document: dto.document,
          email: dto.email,
          today: isoDay(now),
        }),
      );
      // Nothing is stored for a rejected submission: the officer corrects it and submits again.
      if (reasons.length > 0) throw ApiError.unprocessable(reasons);

      // A used appointment has served its purpose: the applicant's name and contact are not kept.
      await manager.update(Appointment, { id: appointment!.id }, { status: 'used', applicantName: null, contact: null });
      const application = manager.create(Application, {
        id: randomUUID(),
        kind: dto.kind,
        status: 'submitted',
        consulate: staff.consulate,
        officerId: staff.officer,
        appointmentId: appointment!.id,
        gatewayId: null,
        reasons: null,
        submittedAt: now,
        decidedAt: null,
      });
      await manager.insert(Application, application);
      await this.events.publish(manager, ApplicationSubmitted, {
        applicationId: application.id,
        kind: dto.kind,
        consulate: staff.consulate,
        officerId: staff.officer,
        person: dto.person,
        citizenship: dto.citizenship,
        document: dto.document,
        email: dto.kind === 'register' ? dto.email : undefined,
        locale: dto.locale,
        reminders: dto.kind === 'register' ? (dto.reminders ?? defaultReminders(dto)) : undefined,
        changes: dto.kind === 'modify' ? dto.changes : undefined,
        submittedAt: now.toISOString(),
      });
      await this.events.audit(manager, { actor: staff.officer, action: `application.${dto.kind}.submitted`, subject: application.id });
      return application;
    });
  }
}

/** R19: reminders are on by default and watch the document presented at the consulate. */
function defaultReminders(dto: SubmitApplicationDto): ReminderSettings {
  const { type, number, expiresOn } = dto.document;
  return { enabled: true, documents: [{ type, number, expiresOn }] };
}
