import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../system/services';

/** Ports of its own (`npm start -- --port-offset`), apart from a developer's `npm start` and the other benches. */
const PORT_OFFSET = 700;
const UP_TIMEOUT_MS = 600_000;
/**
 * Its own local directory (data, logs, secrets), kept between runs: a developer's `npm start` finds its databases
 * made, and a first start (initdb, migrations) takes more memory than the ones after it.
 */
const LOCAL_DIR = join(REPO_ROOT, '.local', 'footprint');
/** Idle after start-up before memory is read: the JITs and the garbage collectors settle. */
const IDLE_MS = 30_000;

export interface ProcessMemory {
  label: string;
  pid: number;
  rssMb: number;
  /** Proportional set size: shared pages split among the processes that share them. */
  pssMb: number;
}

export interface StartFootprint {
  processes: ProcessMemory[];
  rssMb: number;
  pssMb: number;
  /** The machine's 1-minute load average when memory was read. */
  loadAverage: number;
}

/**
 * `npm start` as a developer runs it day to day (`node tools/run.cjs start`, on its own ports, its databases made by
 * an earlier start), idle for 30 s after it printed that it is up: the resident memory of every process it started,
 * the launcher included (not npm's own process, which `npm start` adds in front).
 */
export async function measureStartFootprint(log: (line: string) => void): Promise<StartFootprint> {
  if (!existsSync(join(LOCAL_DIR, 'pglite'))) {
    log('… a first start, to make the databases (not measured)');
    await startIdle(log, async () => undefined);
  }
  return startIdle(log, async (root) => {
    const processes = descendants(root).map((pid) => ({ label: label(pid), pid, ...memory(pid) }));
    const total = (pick: (entry: ProcessMemory) => number) => Math.round(processes.reduce((sum, entry) => sum + pick(entry), 0));
    return { processes, rssMb: total((entry) => entry.rssMb), pssMb: total((entry) => entry.pssMb), loadAverage: Math.round(loadavg()[0] * 10) / 10 };
  });
}

/** Starts `npm start`, waits until it is up and has idled, reads it, and stops it (SIGINT, as Ctrl-C does). */
async function startIdle<T>(log: (line: string) => void, read: (root: number) => Promise<T>): Promise<T> {
  const localDir = LOCAL_DIR;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools', 'run.cjs'), 'start', '--port-offset', String(PORT_OFFSET), '--local-dir', localDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start was not up within ${UP_TIMEOUT_MS / 1000} s:\n${output.slice(-2000)}`)), UP_TIMEOUT_MS);
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('Client Gate is up')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before it was up:\n${output.slice(-2000)}`));
      });
    });
    log(`… npm start is up; idle for ${IDLE_MS / 1000} s`);
    await sleep(IDLE_MS);
    return await read(child.pid!);
  } finally {
    // npm start stops everything it started on SIGINT, as on Ctrl-C; the group is killed if it has not after a minute.
    if (child.exitCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

export function footprintTable(footprint: StartFootprint): string {
  const rows = ['| process | resident (RSS, MiB) | proportional (PSS, MiB) |', '|---|---:|---:|'];
  for (const entry of [...footprint.processes].sort((a, b) => b.rssMb - a.rssMb)) {
    rows.push(`| ${entry.label} | ${Math.round(entry.rssMb)} | ${Math.round(entry.pssMb)} |`);
  }
  rows.push(`| **npm start, every process** | **${footprint.rssMb}** | **${footprint.pssMb}** |`);
  return rows.join('\n');
}

/** The process and everything below it, from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent is the 2nd field after the command name, which may itself hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    found.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return found;
}

function memory(pid: number): { rssMb: number; pssMb: number } {
  const kb = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text)?.[1] ?? 0);
  return {
    rssMb: kb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS') / 1024,
    pssMb: kb(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss') / 1024,
  };
}

function label(pid: number): string {
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  const app = /dist\/apps\/([\w-]+)\/main\.js|apps\/([\w-]+)\/src\/main\.ts/.exec(command);
  if (app) return app[1] ?? app[2];
  if (command.includes('kafka.Kafka')) return 'kafka broker (JVM)';
  if (command.includes('identity-provider.js')) return 'identity provider (development, bundled)';
  // tools/run.cjs runs the bundled launcher in its own process.
  if (command.includes('run.cjs')) return 'launcher (tools/run.cjs start: PGlite ×5, MailDev)';
  return command.slice(0, 60);
}
