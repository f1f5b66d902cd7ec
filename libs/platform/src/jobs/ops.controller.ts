import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Clock } from '../clock/clock';
import { ControllableClock } from '../clock/controllable-clock';
import { Jobs } from './jobs';

/** Outside production only (CLOCK=controllable): the ops CLI reads the clock and runs due jobs. */
@ApiTags('operations')
@Controller('ops')
export class OpsController {
  constructor(
    private readonly clock: Clock,
    private readonly jobs: Jobs,
  ) {}

  @Get('clock')
  time() {
    const clock = this.clock as ControllableClock;
    return { now: clock.now().toISOString(), offsetMs: clock.offsetMs, version: clock.version };
  }

  @Post('jobs/run')
  @HttpCode(200)
  async runJobs() {
    return { results: await this.jobs.runAll() };
  }
}
