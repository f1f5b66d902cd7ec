/**
 * Leader changes as the services saw them (chaos --brokers N): from the services' own logs, per fault, the
 * longest time each service's publishing was held up by the cluster (the outbox relay's `heldUpMs`) and the
 * longest time one of its consumers was out of its group (`outOfGroupMs`), among what they logged from the
 * fault's start until the next fault's, and at most `AFTER_FAULT_MS` after its end.
 */
export const AFTER_FAULT_MS = 90_000;

export interface ServiceLogEntry {
  service: string;
  /** epoch ms, pino's `time` */
  time: number;
  heldUpMs?: number;
  outOfGroupMs?: number;
}

/** The entries of one service's JSON log that say how long Kafka held it up; other lines are skipped. */
export function parseServiceLog(service: string, text: string, since: number): ServiceLogEntry[] {
  const entries: ServiceLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('"heldUpMs"') && !line.includes('"outOfGroupMs"')) continue;
    try {
      const record = JSON.parse(line) as { time?: number; heldUpMs?: number; outOfGroupMs?: number };
      if (typeof record.time !== 'number' || record.time < since) continue;
      entries.push({ service, time: record.time, heldUpMs: record.heldUpMs, outOfGroupMs: record.outOfGroupMs });
    } catch {
      // a line cut short by a kill -9
    }
  }
  return entries;
}

export interface WallWindow {
  name: string;
  /** epoch ms */
  startedAt: number;
  endedAt: number;
}

/** Per fault and service: the longest hold-up of publishing and the longest time out of the group, in ms (undefined: none). */
export function clusterView(windows: WallWindow[], entries: ServiceLogEntry[], services: readonly string[]): Array<{ fault: string; byService: Record<string, { heldUpMs?: number; outOfGroupMs?: number }> }> {
  return windows.map((window, index) => {
    const until = Math.min(window.endedAt + AFTER_FAULT_MS, windows[index + 1]?.startedAt ?? Infinity);
    const during = entries.filter((entry) => entry.time >= window.startedAt && entry.time < until);
    const byService = Object.fromEntries(
      services.map((service) => {
        const own = during.filter((entry) => entry.service === service);
        const longest = (values: (number | undefined)[]) => {
          const present = values.filter((value): value is number => value !== undefined);
          return present.length > 0 ? Math.max(...present) : undefined;
        };
        return [service, { heldUpMs: longest(own.map((entry) => entry.heldUpMs)), outOfGroupMs: longest(own.map((entry) => entry.outOfGroupMs)) }];
      }),
    );
    return { fault: window.name, byService };
  });
}

export function printClusterView(view: ReturnType<typeof clusterView>, services: readonly string[], log: (line: string) => void): void {
  const cell = (ms?: number) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
  log('');
  log('Leader changes as the services saw them (s): publishing held up / a consumer out of its group');
  log(`| fault | ${services.join(' | ')} |`);
  log(`|---|${services.map(() => '---').join('|')}|`);
  for (const { fault, byService } of view) {
    log(`| ${fault} | ${services.map((service) => `${cell(byService[service]?.heldUpMs)} / ${cell(byService[service]?.outOfGroupMs)}`).join(' | ')} |`);
  }
  log(`(from each service's log, from the fault until the next one, at most ${AFTER_FAULT_MS / 1000} s after it ended; – : nothing held up)`);
}
