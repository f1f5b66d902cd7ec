import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { AttemptThrottleRecord } from './throttling/attempt-throttle.entity';
import { AttemptThrottle } from './throttling/attempt-throttle.service';

/**
 * How a typed password or code is checked, for every feature that takes one (login, second factor, account): the
 * argon2id hash (SPEC §8) and the brute-force back-off (SPEC §8, R26). Apart from credentials' commands, so that
 * the second factor can use it while credentials' login uses the second factor.
 */
@Module({
  providers: [PasswordHasher, AttemptThrottle],
  exports: [PasswordHasher, AttemptThrottle],
})
export class PasswordChecksModule {
  static readonly entities = [AttemptThrottleRecord];
}
