import { Module } from '@nestjs/common';
import { CodeIssuer } from './code-issuer.service';
import { CodeRedeemer } from './code-redeemer.service';
import { OneTimeCode } from './one-time-code.entity';

/** R9–R13: one-time codes (activation, password reset), issued on registry's events and redeemed by credentials. */
@Module({
  providers: [CodeIssuer, CodeRedeemer],
  exports: [CodeIssuer, CodeRedeemer],
})
export class CodesModule {
  static readonly entities = [OneTimeCode];
}
