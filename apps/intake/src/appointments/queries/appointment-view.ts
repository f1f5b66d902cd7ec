import { Appointment } from '../appointment.entity';

/** An appointment as the staff API shows it; `applicationId` once an application used it. */
export function appointmentView(appointment: Appointment, applicationId?: string) {
  return {
    id: appointment.id,
    consulate: appointment.consulate,
    channel: appointment.channel,
    contact: appointment.contact,
    applicantName: appointment.applicantName,
    startsAt: appointment.startsAt.toISOString(),
    status: appointment.status,
    applicationId,
  };
}
