import { Injectable } from '@nestjs/common';
import { addDays, ApiError, Clock, ErrorItem } from '@client-gate/platform';
import { PASSWORD_VALIDITY_MAX_DAYS } from './domain/password-policy';
import { passwordErrors } from './password-errors';
import { PasswordHasher } from './password-hasher';

export interface NewPassword {
  passwordHash: string;
  passwordExpiresAt: Date;
  /** When the password was chosen. */
  now: Date;
}

/** A password the client chose (activation R10, reset R13, change R24): R10's validity and R16's rules, then its hash. */
@Injectable()
export class NewPasswords {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** 422 with every problem found, `otherProblems` (a form's other fields) first; else the hash and the expiry. */
  async prepare(password: string, validityDays: number | undefined, username: string, otherProblems: ErrorItem[] = []): Promise<NewPassword> {
    const problems = [...otherProblems, ...passwordErrors(password, validityDays, username)];
    if (problems.length > 0) throw ApiError.unprocessable(problems);
    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    return { passwordHash, passwordExpiresAt: addDays(now, validityDays ?? PASSWORD_VALIDITY_MAX_DAYS), now };
  }
}
