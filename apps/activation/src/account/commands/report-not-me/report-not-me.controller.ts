import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Origin, RequestOrigin } from '../../../sessions/request-origin';
import { ReportNotMeDto, reportNotMeSchema } from './report-not-me.dto';
import { ReportNotMeService } from './report-not-me.service';

@ApiTags('clients')
@Controller('not-me')
export class ReportNotMeController {
  constructor(private readonly service: ReportNotMeService) {}

  /** R26: no session needed; the token comes from the new-sign-in email's link. */
  @Post()
  @HttpCode(200)
  report(@ZodBody(reportNotMeSchema) dto: ReportNotMeDto, @Origin() origin: RequestOrigin) {
    return this.service.report(dto, origin);
  }
}
