/**
 * The broker's JVM as a child process that never outlives this one: stopped on exit and on
 * SIGINT/SIGTERM/SIGHUP, and on Linux spawned through `setpriv --pdeathsig TERM` so that even a
 * SIGKILLed parent takes it down.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { findOnPath } from './classpath';

const STOP_GRACE_MS = 15_000;

export type JvmExit = { code: number | null; signal: NodeJS.Signals | null };

export interface JvmProcess {
  java: string;
  pid: number;
  /** settles when the JVM exits, for whatever reason (stop() or a crash) */
  exited: Promise<JvmExit>;
  /** SIGTERM, wait for exit, SIGKILL after 15 s. Idempotent. */
  stop(): Promise<void>;
  /** why the JVM is no longer starting (it could not be spawned, or it exited), else undefined */
  startupProblem(): { spawnError?: Error; exit?: JvmExit } | undefined;
}

const liveChildren = new Set<ChildProcess>();
const exitPromises = new WeakMap<ChildProcess, Promise<JvmExit>>();

/** Spawns `java argv…` with stdout and stderr appended to `outFile`, tracked so that it is stopped with this process. */
export function spawnJvm(java: string, argv: string[], opts: { cwd: string; outFile: string }): JvmProcess {
  installExitHooks();
  const prefix = pdeathsigPrefix();
  const [cmd, ...args] = [...prefix, java, ...argv];
  const outFd = fs.openSync(opts.outFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(cmd!, args, { cwd: opts.cwd, stdio: ['ignore', outFd, outFd], detached: false });
  } finally {
    fs.closeSync(outFd);
  }
  liveChildren.add(child);
  let spawnError: Error | undefined;
  child.once('error', (e) => {
    spawnError = e;
  });
  const exited = new Promise<JvmExit>((resolve) => {
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });
  exitPromises.set(child, exited);
  return {
    java,
    pid: child.pid!,
    exited,
    stop: () => stopChild(child),
    startupProblem: () => {
      if (spawnError) return { spawnError };
      if (child.exitCode === null && child.signalCode === null) return undefined;
      return { exit: { code: child.exitCode, signal: child.signalCode } };
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  const exited = exitPromises.get(child);
  if (!exited || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  try {
    child.kill('SIGTERM');
  } catch {
    /* gone */
  }
  let timer: NodeJS.Timeout | undefined;
  const killer = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      try {
        child.kill('SIGKILL');
      } catch {
        /* gone */
      }
      resolve();
    }, STOP_GRACE_MS);
    timer.unref();
  });
  return Promise.race([exited.then(() => undefined), killer.then(() => exited.then(() => undefined))]).finally(() =>
    clearTimeout(timer),
  );
}

let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // last resort on normal exit: cannot wait here, Kafka finishes its shutdown on its own
  process.on('exit', () => killAllSync('SIGTERM'));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      const stops = [...liveChildren].map((c) => stopChild(c));
      // when nobody else handles the signal, keep Node's default: die by it, after the broker is down
      const othersListen = process.listenerCount(sig) > 1;
      void Promise.allSettled(stops).then(() => {
        if (!othersListen) {
          process.removeListener(sig, onSignal);
          process.kill(process.pid, sig);
        }
      });
    };
    process.on(sig, onSignal);
  }
}

function killAllSync(signal: NodeJS.Signals): void {
  for (const child of liveChildren) {
    try {
      if (child.pid) process.kill(child.pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * `setpriv --pdeathsig` makes the kernel SIGTERM the JVM if this process dies, even by SIGKILL.
 * Caveat: the signal follows the *thread* that spawned it, so call startBroker from the main
 * thread (Jest globalSetup, npm start), not from a worker_threads Worker that may end first.
 */
function pdeathsigPrefix(): string[] {
  if (process.platform !== 'linux') return [];
  const setpriv = findOnPath('setpriv');
  if (!setpriv) return [];
  const probe = spawnSync(setpriv, ['--pdeathsig', 'TERM', '--', 'true'], { stdio: 'ignore' });
  return probe.status === 0 ? [setpriv, '--pdeathsig', 'TERM', '--'] : [];
}
