import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The processes to watch, by label; asked again at each reading because pools open and close connections. */
export type ProcessGroups = () => Promise<Record<string, number[]>>;

export interface CpuShare {
  label: string;
  /** Percent of one core over the phase: 200 is both cores of a 2-core machine. */
  percent: number;
  /** CPU time over the phase, in milliseconds. */
  ms: number;
}

interface Reading {
  at: number;
  machineBusy: number;
  ticks: Map<string, Map<number, number>>;
}

/** The two rows every reading ends with: the rest of the machine (other engineers' work), and the whole machine. */
export const EVERYTHING_ELSE = 'everything else on the machine';
export const MACHINE_TOTAL = 'machine total';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time per process between two readings, from /proc (user + system time, every thread, so the
 * JVM's and libuv's pools count): more exact than sampling `ps`, whose %CPU is a lifetime average.
 */
export class CpuMeter {
  private first?: Reading;

  constructor(private readonly groups: ProcessGroups) {}

  async start(): Promise<void> {
    this.first = await this.read();
  }

  /** Each group's share, then everything the machine ran (other engineers' work included). */
  async stop(): Promise<CpuShare[]> {
    const first = this.first!;
    const last = await this.read();
    const seconds = (last.at - first.at) / 1000;
    const share = (label: string, ticks: number): CpuShare => ({
      label,
      percent: Math.round((ticks / TICKS_PER_SECOND / seconds) * 100),
      ms: (ticks / TICKS_PER_SECOND) * 1000,
    });
    const shares: CpuShare[] = [];
    let ours = 0;
    for (const [label, pids] of last.ticks) {
      let ticks = 0;
      // A process that appeared during the phase counts whole: all its time fell inside it.
      for (const [pid, now] of pids) ticks += now - (first.ticks.get(label)?.get(pid) ?? 0);
      ours += ticks;
      shares.push(share(label, ticks));
    }
    const machine = last.machineBusy - first.machineBusy;
    shares.push(share(EVERYTHING_ELSE, Math.max(0, machine - ours)));
    shares.push(share(MACHINE_TOTAL, machine));
    return shares;
  }

  private async read(): Promise<Reading> {
    const groups = await this.groups();
    const ticks = new Map<string, Map<number, number>>();
    for (const [label, pids] of Object.entries(groups)) {
      ticks.set(label, new Map(pids.flatMap((pid) => {
        const used = processTicks(pid);
        return used === undefined ? [] : [[pid, used] as const];
      })));
    }
    return { at: performance.now(), machineBusy: machineBusyTicks(), ticks };
  }
}

function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses: utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined; // it has exited
  }
}

function machineBusyTicks(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return user + nice + system + irq + softirq + steal;
}

/** The pid of the process whose command line contains `needle` (e.g. the broker JVM's config file). */
export function findProcess(needle: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}
