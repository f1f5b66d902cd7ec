import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Staff, StaffGuard, StaffIdentity, ZodBody } from '@client-gate/platform';
import { BookAppointmentDto, bookAppointmentSchema } from './book-appointment.dto';
import { BookAppointmentService } from './book-appointment.service';
import { appointmentView } from '../../queries/appointment-view';

@ApiTags('appointments')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('appointments')
export class BookAppointmentController {
  constructor(private readonly service: BookAppointmentService) {}

  @Post()
  @HttpCode(201)
  async book(@Staff() staff: StaffIdentity, @ZodBody(bookAppointmentSchema) dto: BookAppointmentDto) {
    return appointmentView(await this.service.book(staff, dto));
  }
}
