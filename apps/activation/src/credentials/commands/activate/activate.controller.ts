import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBodyPipe } from '@client-gate/platform';
import { ActivateDto, activateSchema } from './activate.dto';
import { ActivateService } from './activate.service';

@ApiTags('clients')
@Controller('activation')
export class ActivateController {
  constructor(private readonly service: ActivateService) {}

  @Post()
  @HttpCode(200)
  activate(@Body(new ZodBodyPipe(activateSchema)) dto: ActivateDto) {
    return this.service.activate(dto);
  }
}
