/**
 * What a chaos run found: per fault, the registrations in flight while it lasted and what of them was
 * lost or doubled; overall, what was lost, doubled or re-sent, and whether the run kept its promises.
 * Times are one monotonic clock (performance.now()) for requests, faults and email arrivals alike.
 */

/** The re-sent emails (the same notification sent again after a crash) must stay under this share of the run. */
export const MAX_RESENT_SHARE = 0.005;
/** After each fault the pipeline must move again within this (SPEC §9: freezes, restarts, hung connections). */
export const MAX_RESUME_MS = 60_000;

/** A fault as it happened: from its injection until the system had recovered from it. */
export interface FaultWindow {
  name: string;
  startedAt: number;
  endedAt: number;
}

/** One registration: when its first request went out, and the activation emails it got. */
export interface Outcome {
  startedAt: number;
  /** when its first email arrived; undefined when none did */
  emailAt?: number;
  firstNotificationId?: string;
  /** the notification ids of the emails that came after the first */
  repeats: string[];
}

/** Intake's count of decided applications rose between two samples of it: the verdicts are being applied. */
export interface DecisionProgress {
  /** when the sample before the rise was taken */
  previousAt: number;
  at: number;
}

export interface FaultReport extends FaultWindow {
  /** registrations whose first request came before the fault ended and whose email had not arrived before it began */
  inFlight: number;
  lost: number;
  duplicated: number;
  /** From the fault's end until the pipeline moved at both of its ends (resumedAt); undefined when it never did. */
  resumedAfterMs?: number;
  /**
   * From the fault's end until the first email of a registration whose first request came after it. This also
   * counts the backlog queued before it (in flight, above), so it is reported, not judged.
   */
  newThroughAfterMs?: number;
}

export interface Report {
  registrations: number;
  faults: FaultReport[];
  /** applications at intake by status */
  statuses: Record<string, number>;
  notFinal: number;
  lost: number;
  duplicated: number;
  /** duplicated only by the same notification sent again */
  resent: number;
  deadLettered: number;
}

const isLost = (outcome: Outcome) => outcome.emailAt === undefined;
const isDuplicated = (outcome: Outcome) => outcome.repeats.length > 0;
// The same notification sent again (a crash between the SMTP hand-over and its record), not a second email.
const isResent = (outcome: Outcome) => isDuplicated(outcome) && outcome.repeats.every((id) => id === outcome.firstNotificationId);

export function inFlightDuring(window: FaultWindow, outcomes: Outcome[]): Outcome[] {
  return outcomes.filter((outcome) => outcome.startedAt <= window.endedAt && (outcome.emailAt ?? Infinity) >= window.startedAt);
}

const earliest = (times: number[]): number | undefined => (times.length > 0 ? Math.min(...times) : undefined);

/**
 * When the pipeline moved at both of its ends after `endedAt`: an email arrived at the sink and intake applied more
 * verdicts (its decided count rose between two samples taken after it). Undefined until both happened.
 */
export function resumedAt(endedAt: number, emailTimes: number[], decisions: DecisionProgress[]): number | undefined {
  const emailed = earliest(emailTimes.filter((at) => at >= endedAt));
  const decided = earliest(decisions.filter((rise) => rise.previousAt >= endedAt).map((rise) => rise.at));
  return emailed === undefined || decided === undefined ? undefined : Math.max(emailed, decided);
}

export function buildReport(
  outcomes: Outcome[],
  windows: FaultWindow[],
  decisions: DecisionProgress[],
  statuses: Record<string, number>,
  deadLettered: number,
): Report {
  const emailTimes = outcomes.filter((outcome) => outcome.emailAt !== undefined).map((outcome) => outcome.emailAt!);
  return {
    registrations: outcomes.length,
    faults: windows.map((window) => {
      const inFlight = inFlightDuring(window, outcomes);
      const resumed = resumedAt(window.endedAt, emailTimes, decisions);
      const newThrough = earliest(outcomes.filter((outcome) => outcome.startedAt >= window.endedAt && outcome.emailAt !== undefined).map((outcome) => outcome.emailAt!));
      return {
        ...window,
        inFlight: inFlight.length,
        lost: inFlight.filter(isLost).length,
        duplicated: inFlight.filter(isDuplicated).length,
        resumedAfterMs: resumed === undefined ? undefined : resumed - window.endedAt,
        newThroughAfterMs: newThrough === undefined ? undefined : newThrough - window.endedAt,
      };
    }),
    statuses,
    notFinal: statuses['submitted'] ?? 0,
    lost: outcomes.filter(isLost).length,
    duplicated: outcomes.filter(isDuplicated).length,
    resent: outcomes.filter(isResent).length,
    deadLettered,
  };
}

export function printReport(report: Report, log: (line: string) => void): void {
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const origin = report.faults[0]?.startedAt ?? 0;
  log('');
  const orNever = (ms: number | undefined) => (ms === undefined ? 'never' : seconds(ms));
  log('| fault | at (s) | lasted (s) | moving again after (s) | a new registration through after (s) | registrations in flight | lost | duplicated |');
  log('|---|---|---|---|---|---|---|---|');
  for (const fault of report.faults) {
    log(
      `| ${fault.name} | ${seconds(fault.startedAt - origin)} | ${seconds(fault.endedAt - fault.startedAt)} | ${orNever(fault.resumedAfterMs)} | ` +
        `${orNever(fault.newThroughAfterMs)} | ${fault.inFlight} | ${fault.lost} | ${fault.duplicated} |`,
    );
  }
  log('(at: seconds after the first fault; lasted: until killed services were ready, a restart done, a freeze thawed;');
  log(' moving again: until an email arrived and intake applied more verdicts, both after it ended (judged: at most 60 s);');
  log(' a new registration through: until the first email of a registration begun after it, the backlog before it included;');
  log(' in flight: first request before the fault ended, email not arrived before it began)');
  log('');
  log(`applications: ${Object.entries(report.statuses).map(([status, n]) => `${status} ${n}`).join(', ')} (not final: ${report.notFinal})`);
  log(`lost: ${report.lost}`);
  log(
    `duplicated: ${report.duplicated} (${report.resent} of them the same notification re-sent after a crash: ` +
      `${((100 * report.resent) / report.registrations).toFixed(2)}% of ${report.registrations}, must be under ${MAX_RESENT_SHARE * 100}%)`,
  );
  log(`dead-lettered: ${report.deadLettered}`);
}

/** 0 when the run kept every promise; else 1, after saying which it broke. */
export function verdict(report: Report, log: (line: string) => void): 0 | 1 {
  const broken = [
    report.lost > 0 && `${report.lost} lost`,
    report.notFinal > 0 && `${report.notFinal} applications not final`,
    report.duplicated > report.resent && `${report.duplicated - report.resent} doubled by a second notification`,
    report.resent >= MAX_RESENT_SHARE * report.registrations && `${report.resent} re-sent emails, not under ${MAX_RESENT_SHARE * 100}%`,
    ...report.faults.filter((fault) => fault.inFlight === 0).map((fault) => `no registration in flight during "${fault.name}"`),
    ...report.faults
      .filter((fault) => fault.resumedAfterMs === undefined || fault.resumedAfterMs > MAX_RESUME_MS)
      .map((fault) => `the pipeline did not move again within ${MAX_RESUME_MS / 1000} s of "${fault.name}"`),
  ].filter((reason): reason is string => Boolean(reason));
  for (const reason of broken) log(`✖ ${reason}`);
  return broken.length === 0 ? 0 : 1;
}
