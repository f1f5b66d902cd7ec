import { DynamicModule, Global, Module } from '@nestjs/common';
import { DESK_ENV, DeskEnv } from './config';

/** The desk's settings (DESK_ENV), read once at start, for every feature. */
@Global()
@Module({})
export class DeskConfigModule {
  static register(env: DeskEnv): DynamicModule {
    return { module: DeskConfigModule, providers: [{ provide: DESK_ENV, useValue: env }], exports: [DESK_ENV] };
  }
}
