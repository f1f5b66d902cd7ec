import { Controller, HttpCode, Ip, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { TooManyAttemptsFilter } from '../../throttling/too-many-attempts';
import { ActivateDto, activateSchema } from './activate.dto';
import { ActivateService } from './activate.service';

@ApiTags('clients')
@Controller('activation')
@UseFilters(TooManyAttemptsFilter)
export class ActivateController {
  constructor(private readonly service: ActivateService) {}

  @Post()
  @HttpCode(200)
  activate(@ZodBody(activateSchema) dto: ActivateDto, @Ip() clientAddress: string) {
    return this.service.activate(dto, clientAddress);
  }
}
