import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { isoDate, storableText } from '@client-gate/contracts';
import { Staff, StaffGuard, StaffIdentity, ZodQuery } from '@client-gate/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { normaliseName } from '../../domain/identity';
import { Gateway } from '../../gateway.entity';
import { GatewayLookups } from '../gateway-lookups';
import { gatewayView } from '../gateway-view';

const findGatewaysSchema = z.object({ familyName: storableText.trim().min(1).max(200), dateOfBirth: isoDate });

/** The officer's consulate's gateways of a person, by family name (compared as R2 does) and date of birth. */
@ApiTags('gateways')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('gateways')
export class FindGatewaysController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lookups: GatewayLookups,
  ) {}

  @Get()
  async find(@Staff() staff: StaffIdentity, @ZodQuery(findGatewaysSchema) query: z.infer<typeof findGatewaysSchema>) {
    const born = await this.dataSource.manager
      .createQueryBuilder(Gateway, 'gateway')
      .where(`gateway.consulate = :consulate AND gateway.person->>'dateOfBirth' = :dateOfBirth`, {
        consulate: staff.consulate,
        dateOfBirth: query.dateOfBirth,
      })
      .orderBy('gateway.registeredAt', 'DESC')
      .getMany();
    const familyName = normaliseName(query.familyName);
    const found = born.filter((gateway) => normaliseName(gateway.person!.familyName) === familyName);
    await this.lookups.record(staff, 'by-name-and-birth-date', found.map((gateway) => gateway.id));
    return { gateways: found.map(gatewayView) };
  }
}
