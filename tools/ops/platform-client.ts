import { ClockSet, encodeEvent } from '@client-gate/contracts';
import { kafkaClientConfig } from '@client-gate/platform';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export interface PlatformEndpoints {
  kafkaBrokers: string[];
  serviceUrls: Record<string, string>;
}

interface ClockState {
  now: string;
  offsetMs: number;
  version: string;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** The shared clock as one service sees it (they agree once `setClockOffset` has returned). */
export function readClock(endpoints: PlatformEndpoints): Promise<ClockState> {
  const [first] = Object.values(endpoints.serviceUrls);
  return getJson<ClockState>(`${first}/ops/clock`);
}

/** Publishes the new offset on ops.clock.v1 and waits until every service has applied it. */
export async function setClockOffset(endpoints: PlatformEndpoints, offsetMs: number, timeoutMs = 30_000): Promise<ClockState> {
  const version = randomUUID();
  const kafka = new Kafka(kafkaClientConfig('ops-cli', endpoints.kafkaBrokers));
  const producer = kafka.producer();
  await producer.connect();
  try {
    const record = encodeEvent(ClockSet, { offsetMs, version, setAt: new Date().toISOString() }, { source: 'ops-cli' });
    await producer.send({ topic: ClockSet.topic, acks: -1, messages: [record] });
  } finally {
    await producer.disconnect();
  }
  const deadline = Date.now() + timeoutMs;
  for (const [name, url] of Object.entries(endpoints.serviceUrls)) {
    for (;;) {
      const state = await getJson<ClockState>(`${url}/ops/clock`).catch(() => undefined);
      if (state?.version === version) break;
      if (Date.now() > deadline) throw new Error(`${name} did not take the new clock within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return readClock(endpoints);
}

/** Runs every service's due jobs; returns when all have finished. */
export async function runJobs(endpoints: PlatformEndpoints, progress: (line: string) => void = () => undefined): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const [name, url] of Object.entries(endpoints.serviceUrls)) {
    progress(`running ${name}'s jobs…`);
    results[name] = (await getJson<{ results: unknown }>(`${url}/ops/jobs/run`, { method: 'POST' })).results;
  }
  return results;
}

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

/** `6d`, `12h`, `1d12h`, `-30m`: a signed duration in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(-)?((?:\d+[dhms])+)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: "${text}" (e.g. 6d, 12h, 1d12h, 30m)`);
  let total = 0;
  for (const [, amount, unit] of match[2].matchAll(/(\d+)([dhms])/g)) total += Number(amount) * UNIT_MS[unit];
  return match[1] ? -total : total;
}
