import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const SERVICE_NAMES = ['intake', 'registry', 'activation', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface RunningService {
  name: string;
  url: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Runs one service as its own process (as in production), its JSON log going to a file. `entry` is its
 * main module; the development identity provider is started the same way.
 */
export function spawnService(
  name: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  port: number,
  entry = join('apps', name, 'src', 'main.ts'),
): RunningService {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // CPU_PROFILE_DIR=<dir>: each service writes a V8 CPU profile there when it stops (benchmarks/BENCHMARKS.md).
  const profileDir = process.env['CPU_PROFILE_DIR'];
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${port}.cpuprofile`] : []),
      '-r', 'ts-node/register', '-r', 'tsconfig-paths/register', entry,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    process: child,
    logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

/** Resolves when GET `readyPath` answers 200; rejects early if the process dies. */
export async function waitUntilReady(service: RunningService, timeoutMs = 120_000, readyPath = '/health/ready'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.process.exitCode !== null) {
      throw new Error(`${service.name} exited with code ${service.process.exitCode}; see ${service.logFile}`);
    }
    try {
      const response = await fetch(`${service.url}${readyPath}`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms; see ${service.logFile}`);
}
