import { Injectable } from '@nestjs/common';
import { ApplicationSubmitted, Reason, ReminderSettings } from '@client-gate/contracts';
import { ApiError, Clock, EventPublisher, isoDay, StaffIdentity, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, Not } from 'typeorm';
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
    const ineligible = checkEligibility({
      kind: dto.kind,
      changes: dto.changes,
      dateOfBirth: dto.person.dateOfBirth,
      citizenship: dto.citizenship,
      document: dto.document,
      email: dto.email,
      today: isoDay(now),
    });
    return this.unitOfWork.run(async (manager) => {
      // One statement finds the appointment and uses it up; why it could not be used is looked up only then.
      const used = ineligible.length === 0 && (await useAppointment(manager, dto.appointmentId, staff.consulate));
      // Nothing is stored for a rejected submission: the officer corrects it and submits again.
      if (!used) throw ApiError.unprocessable([...(await appointmentProblems(manager, dto.appointmentId, staff.consulate)), ...ineligible]);

      const application = manager.create(Application, {
        id: randomUUID(),
        kind: dto.kind,
        status: 'submitted',
        consulate: staff.consulate,
        officerId: staff.officer,
        appointmentId: dto.appointmentId,
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

/**
 * R4: marks the consulate's appointment used, unless it was already. A used appointment has served its purpose:
 * the applicant's name and contact are not kept.
 */
async function useAppointment(manager: EntityManager, id: string, consulate: string): Promise<boolean> {
  const { affected } = await manager.update(
    Appointment,
    { id, consulate, status: Not('used') },
    { status: 'used', applicantName: null, contact: null },
  );
  return affected === 1;
}

/** R4: why an appointment cannot serve an application, if it cannot. */
async function appointmentProblems(manager: EntityManager, id: string, consulate: string): Promise<Reason[]> {
  const appointment = await manager.findOneBy(Appointment, { id, consulate });
  if (!appointment) return [{ code: 'APPOINTMENT_NOT_FOUND', message: 'No appointment with this id was booked at your consulate (R4).' }];
  if (appointment.status === 'used') return [{ code: 'APPOINTMENT_ALREADY_USED', message: 'This appointment has already served an application (R4).' }];
  return [];
}

/** R19: reminders are on by default and watch the document presented at the consulate. */
function defaultReminders(dto: SubmitApplicationDto): ReminderSettings {
  const { type, number, expiresOn } = dto.document;
  return { enabled: true, documents: [{ type, number, expiresOn }] };
}
