import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** W3C trace context that follows one application across services (SPEC §5, §10). */
const storage = new AsyncLocalStorage<{ traceparent: string }>();

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

export function newTraceparent(traceId = randomBytes(16).toString('hex')): string {
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}

/** Continue an incoming trace (a new span id, same trace id) or start one. */
export function childTraceparent(incoming?: string): string {
  const match = incoming ? TRACEPARENT.exec(incoming) : null;
  return match ? newTraceparent(match[1]) : newTraceparent();
}

export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
}

export function runInTrace<T>(traceparent: string, fn: () => T): T {
  return storage.run({ traceparent }, fn);
}

export function currentTraceparent(): string | undefined {
  return storage.getStore()?.traceparent;
}
