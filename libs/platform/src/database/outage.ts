import { DatabaseError } from 'pg';

/** Why the database could not be reached or did not answer, when the driver gives no SQLSTATE. */
export type UnavailableReason = 'connection-lost' | 'query-timeout' | 'connect-failed' | 'pool-exhausted';

/**
 * The database did not answer: the connection was lost or never made, the client-side query limit passed,
 * or no pooled connection came free in time. Typed here, where the platform sees it happen (BoundedClient,
 * UnitOfWork), because the driver says so only in English.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';

  constructor(
    readonly reason: UnavailableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Socket and resolver errors (errno): the server or the way to it is gone for now, nothing the work did. */
const NETWORK_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND', // a container's DNS name while its Postgres restarts
  'EAI_AGAIN',
  'EPIPE',
  'EADDRNOTAVAIL',
]);

/**
 * SQLSTATEs whose work succeeds when tried again: connection exceptions (class 08), insufficient resources
 * (53), operator intervention (57P: shutdown, crash, starting up), serialization failure and deadlock, and
 * this platform's own time limits: statement_timeout (57014), lock_timeout (55P03) and
 * idle_in_transaction_session_timeout (25P03).
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    code.startsWith('57P') ||
    ['40001', '40P01', '57014', '55P03', '25P03'].includes(code)
  );
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * What made this failure an outage, or undefined when it is the work's own fault (a constraint, a bug, bad
 * data). Decided by type, SQLSTATE and errno along the error's chain (TypeORM's `driverError`, `cause`),
 * never by message text.
 */
export function outageReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    if (current instanceof DatabaseUnavailableError) return current.reason;
    const { code, driverError, cause } = current as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (NETWORK_ERRNOS.has(code)) return code;
      // A server's answer: it decides alone (a constraint violation is no outage, whatever its cause).
      if (current instanceof DatabaseError || SQLSTATE.test(code)) return isTransientSqlState(code) ? code : undefined;
    }
    current = driverError ?? cause;
  }
  return undefined;
}

/** Connection-level or transient failures (Postgres down, restarting, busy, too slow): retried, never the client's fault. */
export function isDatabaseOutage(error: unknown): boolean {
  return outageReason(error) !== undefined;
}
