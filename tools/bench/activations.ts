import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Progress } from './progress';
import { Registration } from './registrations';
import { SmtpSink } from './smtp-sink';
import { median, round } from './stats';

/** SPEC §8's parameters, as activation hashes with them (OWASP's minimum for argon2id). */
const ARGON2ID = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface ActivationOutcome {
  activated: number;
  failed: number;
  firstError?: string;
  perSecond: number;
}

/** Clients activate with the codes from their emails (R10), `concurrency` at a time. */
export async function driveActivations(activationUrl: string, sink: SmtpSink, people: Registration[], concurrency: number): Promise<ActivationOutcome> {
  // Decoding the emails is the bench's work, not the platform's: done before the clock starts.
  const queue = await Promise.all(people.map(async (person) => ({ person, code: await sink.code(person.email, 'activation-code') })));
  let activated = 0;
  let failed = 0;
  let firstError: string | undefined;
  const progress = new Progress('activate ', people.length, () => ({ done: activated + failed }));
  const client = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const username = next.person.documentNumber.toLowerCase();
      const password = randomBytes(12).toString('base64url');
      const response = await fetch(`${activationUrl}/activation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: next.code, username, password }),
        signal: AbortSignal.timeout(60_000),
      }).catch((error: Error) => error);
      if (!(response instanceof Error) && response.status === 200) {
        Object.assign(next.person, { username, password });
        activated++;
        continue;
      }
      failed++;
      firstError ??= response instanceof Error ? response.message : `POST /activation answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, client));
  const seconds = (performance.now() - start) / 1000;
  progress.finish();
  return { activated, failed, firstError, perSecond: round(activated / seconds) };
}

/** Milliseconds one argon2id hash takes here (median of `samples`, one after another, after a warm-up). */
export async function argon2HashMs(samples: number): Promise<number> {
  await argon2.hash('warm-up password', ARGON2ID);
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    const start = performance.now();
    await argon2.hash(`a bench password ${index}`, ARGON2ID);
    times.push(performance.now() - start);
  }
  return round(median(times));
}
