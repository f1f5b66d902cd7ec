import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { AuthController } from './auth.controller';

/** Signing in through the provider and signing out (R25). */
@Module({ imports: [PagesModule], controllers: [AuthController] })
export class SignInModule {}
