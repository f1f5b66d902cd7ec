/** Connection-level failures (Postgres down or restarting): safe to retry, and never the client's fault. */
export function isDatabaseOutage(error: unknown): boolean {
  const failure = error as Error & { code?: string; driverError?: { code?: string } };
  const code = failure?.code ?? failure?.driverError?.code;
  if (!code) {
    return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      failure?.message ?? '',
    );
  }
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code.startsWith('08') || code === '57P01' || code === '57P03';
}
