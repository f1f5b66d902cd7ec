import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError, Staff, StaffGuard, StaffIdentity } from '@client-gate/platform';
import { DataSource } from 'typeorm';
import { Gateway } from '../../gateway.entity';
import { GatewayLookups } from '../gateway-lookups';
import { gatewayView } from '../gateway-view';

const notFound = () => ApiError.notFound('GATEWAY_NOT_FOUND', 'No such gateway at your consulate');

@ApiTags('gateways')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('gateways')
export class GetGatewayController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lookups: GatewayLookups,
  ) {}

  @Get(':id')
  async get(@Staff() staff: StaffIdentity, @Param('id', new ParseUUIDPipe({ exceptionFactory: notFound })) id: string) {
    const gateway = await this.dataSource.manager.findOneBy(Gateway, { id, consulate: staff.consulate });
    await this.lookups.record(staff, 'by-id', gateway ? [gateway.id] : []);
    if (!gateway) throw notFound();
    return gatewayView(gateway);
  }
}
