import { Injectable, OnModuleInit } from '@nestjs/common';
import { addDays, Clock, EventPublisher, Jobs, UnitOfWork } from '@client-gate/platform';
import { Appointment } from '../../appointment.entity';

const BATCH_SIZE = 100;
/** An appointment never used keeps the applicant's name and contact this long after its start. */
export const UNUSED_APPOINTMENT_KEPT_DAYS = 30;

/** Data minimisation: erases the name and contact of appointments still unused 30 days after their start. */
@Injectable()
export class EraseUnusedAppointmentsJob implements OnModuleInit {
  constructor(
    private readonly jobs: Jobs,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register('erase-unused-appointments', () => this.run());
  }

  async run(): Promise<{ erased: number }> {
    const startedBefore = addDays(this.clock.now(), -UNUSED_APPOINTMENT_KEPT_DAYS);
    const erased = await this.unitOfWork.inBatches(BATCH_SIZE, async (manager) => {
      // Rows another run has claimed are skipped, so two runs at once erase each appointment once.
      const due = await manager
        .createQueryBuilder(Appointment, 'appointment')
        .where("appointment.status = 'booked' AND appointment.applicant_name IS NOT NULL")
        .andWhere('appointment.starts_at <= :startedBefore', { startedBefore })
        .orderBy('appointment.starts_at')
        .limit(BATCH_SIZE)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const appointment of due) {
        await manager.update(Appointment, { id: appointment.id }, { applicantName: null, contact: null });
        await this.events.audit(manager, { actor: 'system', action: 'appointment.unused-erased', subject: appointment.id });
      }
      return due.length;
    });
    return { erased };
  }
}
