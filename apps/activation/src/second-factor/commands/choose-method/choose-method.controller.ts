import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { ChooseMethodDto, chooseMethodSchema } from './choose-method.dto';
import { ChooseMethodService } from './choose-method.service';

@ApiTags('clients')
@Controller('login/second-factor/options')
export class ChooseMethodController {
  constructor(private readonly service: ChooseMethodService) {}

  /** R27: `{challenge, method}`: the login goes on with another of the account's factors. */
  @Post()
  @HttpCode(200)
  choose(@ZodBody(chooseMethodSchema) dto: ChooseMethodDto) {
    return this.service.choose(dto.challenge, dto.method);
  }
}
