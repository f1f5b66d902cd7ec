import { LoggerService } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

/** Retries an infrastructure call with capped exponential back-off, logging why, until it works. */
export async function retryForever<T>(what: string, logger: LoggerService, attempt: () => Promise<T>): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      const delayMs = Math.min(500 * 2 ** failures, 15_000);
      logger.warn(`${what} unavailable (${(error as Error).message}); retrying in ${delayMs} ms`);
      await sleep(delayMs);
    }
  }
}

export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** attempt, maxMs);
}
