import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Progress } from './progress';
import { IntakeClient, Registration } from './registrations';
import { SmtpSink } from './smtp-sink';
import { round } from './stats';

const ACTIVATION = 'activation-code';
/** Give up waiting when no activation email has arrived for this long: the rest are lost or stuck. */
const STALL_MS = 60_000;

/** Books and submits one person's registration; false (with the person's error noted) when intake refused it. */
async function register(intake: IntakeClient, person: Registration): Promise<boolean> {
  try {
    await intake.bookAppointment(person);
    await intake.submitApplication(person);
    return true;
  } catch (error) {
    person.error = (error as Error).message;
    return false;
  }
}

export interface EndToEndOutcome {
  /** Registrations whose activation email arrived. */
  delivered: number;
  /** Refused by intake (any status but 201/202, or no answer). */
  refused: number;
  /** Accepted by intake, but no email before the wait stalled. */
  missing: number;
  firstError?: string;
  /** From the first submission to the last email. */
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
}

/**
 * Closed loop end to end, the way Keycloak's load script measures (`PUT …/execute-actions-email` returns once the
 * email is sent): each of `concurrency` clients books and submits, then waits for that person's activation email
 * before it starts the next one, so that no more than `concurrency` registrations are ever in flight.
 */
export async function runClosedLoop(intake: IntakeClient, sink: SmtpSink, people: Registration[], concurrency: number): Promise<EndToEndOutcome> {
  const progress = new Progress('closed loop', people.length, () => ({ done: arrived(sink, people) }));
  const queue = [...people];
  const client = async () => {
    for (let person = queue.shift(); person; person = queue.shift()) {
      if (!(await register(intake, person))) continue;
      // A lost email is counted as missing by the outcome; the client goes on with the next person.
      await sink.whenArrived(person.email, ACTIVATION, STALL_MS);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, people.length) }, client));
  progress.finish();
  return outcome(sink, people);
}

/**
 * Open pipeline: `concurrency` clients each book and submit, one person after another, as fast as intake answers,
 * without waiting for the emails; then the bench waits for them all. Registrations queue inside the pipeline, so
 * its latency measures that queue: the throughput is the figure to read.
 */
export async function runOpenPipeline(intake: IntakeClient, sink: SmtpSink, people: Registration[], concurrency: number): Promise<EndToEndOutcome> {
  let submitted = 0;
  const progress = new Progress('open pipeline', people.length, () => ({ done: arrived(sink, people), detail: `${submitted} submitted` }));
  const queue = [...people];
  const client = async () => {
    for (let person = queue.shift(); person; person = queue.shift()) {
      await register(intake, person);
      submitted++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, people.length) }, client));
  await waitForEmails(sink, people);
  progress.finish();
  return outcome(sink, people);
}

export interface AtRateOutcome extends EndToEndOutcome {
  /** How late the bench itself sent the latest submission against its schedule: a check on the load generator. */
  maxSendLagMs: number;
}

/**
 * Open loop: appointments are booked beforehand, then applications go out on a fixed schedule whatever
 * the answers do. Latency counts from each one's scheduled start, so a late send (the bench's own
 * event loop falling behind) is charged to the system rather than hidden (no coordinated omission).
 */
export async function runAtRate(intake: IntakeClient, sink: SmtpSink, people: Registration[], rate: number, concurrency: number): Promise<AtRateOutcome> {
  let booked = 0;
  const booking = new Progress('booking  ', people.length, () => ({ done: booked }));
  const queue = [...people];
  const client = async () => {
    for (let person = queue.shift(); person; person = queue.shift()) {
      await intake.bookAppointment(person).catch((error: Error) => (person.error = error.message));
      booked++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, people.length) }, client));
  booking.finish();

  let sent = 0;
  let maxSendLagMs = 0;
  const progress = new Progress(`${rate}/s     `, people.length, () => ({ done: arrived(sink, people), detail: `${sent} sent` }));
  const answers: Promise<unknown>[] = [];
  const start = performance.now();
  for (const [index, person] of people.entries()) {
    const due = start + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    sent++;
    if (person.error) continue;
    person.submittedAt = due;
    answers.push(intake.submitApplication(person).catch((error: Error) => (person.error = error.message)));
  }
  await Promise.all(answers);
  await waitForEmails(sink, people);
  progress.finish();
  return { ...outcome(sink, people), maxSendLagMs: round(maxSendLagMs) };
}

function arrived(sink: SmtpSink, people: Registration[]): number {
  return people.filter((person) => sink.arrival(person.email, ACTIVATION)).length;
}

async function waitForEmails(sink: SmtpSink, people: Registration[]): Promise<void> {
  let lastCount = -1;
  let lastChange = performance.now();
  for (;;) {
    const waiting = people.filter((person) => !person.error && !sink.arrival(person.email, ACTIVATION)).length;
    if (waiting === 0) return;
    if (waiting !== lastCount) {
      lastCount = waiting;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > STALL_MS) {
      return;
    }
    await sleep(100);
  }
}

function outcome(sink: SmtpSink, people: Registration[]): EndToEndOutcome {
  const accepted = people.filter((person) => !person.error);
  const latenciesMs: number[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const person of accepted) {
    first = Math.min(first, person.submittedAt!);
    const email = sink.arrival(person.email, ACTIVATION);
    if (!email) continue;
    last = Math.max(last, email.arrivedAt);
    latenciesMs.push(email.arrivedAt - person.submittedAt!);
  }
  const seconds = latenciesMs.length > 0 ? (last - first) / 1000 : 0;
  return {
    delivered: latenciesMs.length,
    refused: people.length - accepted.length,
    missing: accepted.length - latenciesMs.length,
    firstError: people.find((person) => person.error)?.error,
    seconds: round(seconds),
    perSecond: seconds > 0 ? round(latenciesMs.length / seconds) : 0,
    latenciesMs,
  };
}
