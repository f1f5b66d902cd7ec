import { CodePurpose, GRACE_PERIOD_DAYS } from '@client-gate/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** At most this many forgotten-password requests per address are served an hour (the others change nothing). */
export const FORGOTTEN_PASSWORD_REQUESTS_PER_HOUR = 3;


export interface AccountStanding {
  status: 'pending_activation' | 'active' | 'ended';
  registeredAt: Date;
  passwordExpiresAt: Date | null;
}

/**
 * Which code the forgotten-password function issues (R11, R13): an activation code while pending and
 * within 60 days of registration; a password-reset code while active, even with an expired password
 * until 60 days after it expired; otherwise none (only an in-person `modify` restores access).
 */
export function forgottenPasswordCode(account: AccountStanding, now: Date): CodePurpose | null {
  // How long after registration a pending gateway (R11), or after expiry an expired password (R13), can still get a code.
  const grace = GRACE_PERIOD_DAYS * DAY_MS;
  if (account.status === 'pending_activation') {
    return now.getTime() < account.registeredAt.getTime() + grace ? 'activation' : null;
  }
  if (account.status === 'active') {
    const expiresAt = account.passwordExpiresAt?.getTime() ?? Infinity;
    return now.getTime() < expiresAt + grace ? 'password-reset' : null;
  }
  return null;
}
