/**
 * R11, R12, R13: 60 days. A gateway still pending activation can get a new code until 60 days after registration
 * and is purged then; an expired password can be renewed by emailed code until 60 days after it expired.
 */
export const GRACE_PERIOD_DAYS = 60;
