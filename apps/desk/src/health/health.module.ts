import { Module } from '@nestjs/common';
import { SessionsModule } from '../auth/sessions.module';
import { HealthController } from './health.controller';

/** Liveness, and readiness: the provider and the sessions' database answer. */
@Module({ imports: [SessionsModule], controllers: [HealthController] })
export class HealthModule {}
