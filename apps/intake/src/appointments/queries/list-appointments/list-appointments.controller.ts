import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { isoDateTime } from '@client-gate/contracts';
import { ApiError, Staff, StaffGuard, StaffIdentity, ZodQuery } from '@client-gate/platform';
import { Between, DataSource } from 'typeorm';
import { z } from 'zod';
import { Application } from '../../../applications/application.entity';
import { Appointment } from '../../appointment.entity';
import { appointmentView } from '../appointment-view';

/** A consulate's day in its own time zone is 23 to 25 hours long; a week is plenty for any view. */
const MAX_SPAN_MS = 7 * 24 * 60 * 60 * 1000;

const listAppointmentsSchema = z.object({ from: isoDateTime, to: isoDateTime });

/** The officer's consulate's appointments starting in [from, to) (the desk asks for one day in the consulate's time zone). */
@ApiTags('appointments')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('appointments')
export class ListAppointmentsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async list(@Staff() staff: StaffIdentity, @ZodQuery(listAppointmentsSchema) query: z.infer<typeof listAppointmentsSchema>) {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(from < to && to.getTime() - from.getTime() <= MAX_SPAN_MS)) {
      throw ApiError.badRequest('RANGE_INVALID', '`to` must be after `from`, at most 7 days later', 'to');
    }
    const appointments = await this.dataSource.manager.find(Appointment, {
      where: { consulate: staff.consulate, startsAt: Between(from, new Date(to.getTime() - 1)) },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
    const used = appointments.filter((appointment) => appointment.status === 'used').map((appointment) => appointment.id);
    const applications = used.length
      ? await this.dataSource.manager
          .createQueryBuilder(Application, 'application')
          .select(['application.id', 'application.appointmentId'])
          .where('application.appointmentId IN (:...used) AND application.consulate = :consulate', { used, consulate: staff.consulate })
          .getMany()
      : [];
    const applicationOf = new Map(applications.map((application) => [application.appointmentId, application.id]));
    return { appointments: appointments.map((appointment) => appointmentView(appointment, applicationOf.get(appointment.id))) };
  }
}
