import { Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { ActivateDto, activateSchema } from './activate.dto';
import { ActivateService } from './activate.service';

@ApiTags('clients')
@Controller('activation')
export class ActivateController {
  constructor(private readonly service: ActivateService) {}

  @Post()
  @HttpCode(200)
  activate(@ZodBody(activateSchema) dto: ActivateDto, @Ip() clientAddress: string) {
    return this.service.activate(dto, clientAddress);
  }
}
