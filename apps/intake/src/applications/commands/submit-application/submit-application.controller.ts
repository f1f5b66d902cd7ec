import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Staff, StaffGuard, StaffIdentity, ZodBody } from '@client-gate/platform';
import { SubmitApplicationDto, submitApplicationSchema } from './submit-application.dto';
import { SubmitApplicationService } from './submit-application.service';

@ApiTags('applications')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('applications')
export class SubmitApplicationController {
  constructor(private readonly service: SubmitApplicationService) {}

  /** 202: accepted at intake; registry decides, and GET /applications/:id shows the outcome. */
  @Post()
  @HttpCode(202)
  async submit(@Staff() staff: StaffIdentity, @ZodBody(submitApplicationSchema) dto: SubmitApplicationDto) {
    const application = await this.service.submit(staff, dto);
    return { id: application.id, status: application.status };
  }
}
