import { parseDuration, PlatformEndpoints, runJobs as runAllJobs, setClockOffset } from '@client-gate/tools/ops/platform-client';
import { e2eEnvironment } from './environment';

let offsetMs = 0;

function endpoints(): PlatformEndpoints {
  const environment = e2eEnvironment();
  return { kafkaBrokers: environment.kafkaBrokers.split(','), serviceUrls: environment.urls };
}

/** The platform's "now" as the tests last set it; tokens and expectations use it. */
export function platformNow(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Moves every service's clock (SPEC §6). A suite that moves it calls resetClock() in afterAll. */
export async function setClock(to: Date | string): Promise<void> {
  offsetMs = new Date(to).getTime() - Date.now();
  await setClockOffset(endpoints(), offsetMs);
}

export async function advanceClock(duration: string): Promise<void> {
  offsetMs += parseDuration(duration);
  await setClockOffset(endpoints(), offsetMs);
}

export async function resetClock(): Promise<void> {
  offsetMs = 0;
  await setClockOffset(endpoints(), 0);
}

/** `npm run ops -- jobs run`: every scheduled job that is due, returning when they finish. */
export function runJobs(): Promise<Record<string, unknown>> {
  return runAllJobs(endpoints());
}
