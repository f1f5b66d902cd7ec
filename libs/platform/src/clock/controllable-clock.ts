import { Clock } from './clock';

/**
 * Outside production every service reads "now" through this clock, which the ops CLI moves for the
 * whole platform at once through ops.clock.v1 (SPEC §6). It keeps ticking from the time it was set,
 * so timeouts and token lifetimes still pass.
 */
export class ControllableClock extends Clock {
  private offset = 0;
  private currentVersion = 'initial';

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** Which ClockSet event this instance has applied last. */
  get version(): string {
    return this.currentVersion;
  }

  apply(offsetMs: number, version: string): void {
    this.offset = offsetMs;
    this.currentVersion = version;
  }
}
