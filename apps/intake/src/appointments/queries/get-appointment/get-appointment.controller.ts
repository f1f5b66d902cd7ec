import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError, Staff, StaffGuard, StaffIdentity } from '@client-gate/platform';
import { DataSource } from 'typeorm';
import { Application } from '../../../applications/application.entity';
import { Appointment } from '../../appointment.entity';
import { appointmentView } from '../appointment-view';

const notFound = () => ApiError.notFound('APPOINTMENT_NOT_FOUND', 'No such appointment at your consulate');

@ApiTags('appointments')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('appointments')
export class GetAppointmentController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get(':id')
  async get(@Staff() staff: StaffIdentity, @Param('id', new ParseUUIDPipe({ exceptionFactory: notFound })) id: string) {
    const appointment = await this.dataSource.manager.findOneBy(Appointment, { id, consulate: staff.consulate });
    if (!appointment) throw notFound();
    const application =
      appointment.status === 'used'
        ? await this.dataSource.manager.findOne(Application, { select: { id: true }, where: { appointmentId: id, consulate: staff.consulate } })
        : null;
    return appointmentView(appointment, application?.id);
  }
}
