/**
 * Postgres error codes that are no fault of the event or the request: the same work succeeds when tried again
 * (deadlock, serialization failure, too many connections, administrator or crash shutdown, starting up).
 */
const TRANSIENT_CODES = new Set(['40P01', '40001', '53300', '57P01', '57P02', '57P03']);

/** Connection-level or transient failures (Postgres down, restarting, busy): safe to retry, and never the client's fault. */
export function isDatabaseOutage(error: unknown): boolean {
  const failure = error as Error & { code?: string; driverError?: { code?: string } };
  const code = failure?.code ?? failure?.driverError?.code;
  if (!code) {
    return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      failure?.message ?? '',
    );
  }
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code.startsWith('08') || TRANSIENT_CODES.has(code);
}
