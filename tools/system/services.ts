import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../repo-root';

export { REPO_ROOT };
export const SERVICE_NAMES = ['intake', 'registry', 'activation', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * How a service is run: `compiled` from the JavaScript its `build` target writes (`dist/apps/<name>/main.js`,
 * what the image runs; `npm start`, the tests, chaos and the bench), `ts-node` straight from its TypeScript.
 */
export type ServiceRuntime = 'compiled' | 'ts-node';

/** Where each service's build target writes it (project.json `outputPath`, the Dockerfile's start command). */
export function compiledMain(name: string): string {
  return join('dist', 'apps', name, 'main.js');
}

/** Builds the services with Nx; its cache restores an app whose sources did not change instead of building it again. */
export async function buildServices(names: readonly string[] = SERVICE_NAMES): Promise<void> {
  const nx = join(REPO_ROOT, 'node_modules', '.bin', 'nx');
  try {
    await promisify(execFile)(nx, ['run-many', '-t', 'build', '-p', names.join(','), '--outputStyle=static'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NX_DAEMON: 'false' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`nx build failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/**
 * Bundles a tool like an app (`tools/build/bundle-tool.cjs`, in a process of its own); resolves to the bundle's path
 * from the repository's root, `dist/tools/<name>.js`.
 */
export async function bundleTool(entry: string, name: string): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'tools', 'build', 'bundle-tool.cjs'), entry, name], { cwd: REPO_ROOT });
  } catch (error) {
    throw new Error(`bundling ${entry} failed:\n${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  return join('dist', 'tools', `${name}.js`);
}

export interface RunningService {
  name: string;
  url: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Runs one service as its own process (as in production), its JSON log going to a file. `entry` names its main
 * module under each runtime (the development identity provider, a tool, is started the same way).
 */
export function spawnService(
  name: string,
  runtime: ServiceRuntime,
  env: NodeJS.ProcessEnv,
  logDir: string,
  port: number,
  entry: Record<ServiceRuntime, string> = { 'ts-node': join('apps', name, 'src', 'main.ts'), compiled: compiledMain(name) },
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
      ...(runtime === 'compiled' ? [entry.compiled] : ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', entry['ts-node']]),
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
export async function waitUntilReady(service: RunningService, timeoutMs = 120_000, pollMs = 250, readyPath = '/health/ready'): Promise<void> {
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
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms; see ${service.logFile}`);
}
