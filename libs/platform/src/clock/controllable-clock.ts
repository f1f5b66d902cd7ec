import { Clock } from './clock';

/**
 * Outside production every service reads "now" through this clock, which the ops CLI moves
 * (SPEC §6). It keeps ticking from the time it was set, so timeouts and token lifetimes still pass.
 */
export class ControllableClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
