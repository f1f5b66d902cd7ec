import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError, Staff, StaffGuard, StaffIdentity } from '@client-gate/platform';
import { DataSource } from 'typeorm';
import { Application } from '../../application.entity';

const notFound = () => ApiError.notFound('APPLICATION_NOT_FOUND', 'No such application at your consulate');

@ApiTags('applications')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('applications')
export class GetApplicationController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get(':id')
  async get(
    @Staff() staff: StaffIdentity,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: notFound })) id: string,
  ) {
    const application = await this.dataSource.manager.findOneBy(Application, { id, consulate: staff.consulate });
    if (!application) throw notFound();
    return {
      id: application.id,
      kind: application.kind,
      status: application.status,
      gatewayId: application.gatewayId ?? undefined,
      reasons: application.reasons ?? undefined,
      submittedAt: application.submittedAt.toISOString(),
      decidedAt: application.decidedAt?.toISOString(),
    };
  }
}
