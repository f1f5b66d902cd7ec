import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runCapture, tail } from '../kafka/classpath';

/**
 * Keycloak 26.7.3 for the desk's end-to-end test against a real identity provider (R25): the same distribution
 * as `../shared/peers/keycloak/run.sh` (Maven Central's keycloak-quarkus-dist), unpacked and built once into
 * ~/.cache/client-gate/keycloak (KEYCLOAK_CACHE_DIR), started in production mode (`start --optimized`) on a
 * Postgres database of its own, with the realm `consular` (consular-realm.json) imported at start.
 */
export const KEYCLOAK_VERSION = '26.7.3';
export const REALM_FILE = join(__dirname, 'consular-realm.json');
export const REALM = 'consular';
/** The build options; `start --optimized` needs the same. The cache (`local`, one node) is a run-time option. */
const BUILD_OPTIONS = ['--db=postgres'];

export interface KeycloakOptions {
  httpPort: number;
  managementPort: number;
  /** A Postgres database of its own (created empty): Keycloak creates its schema there at its first start. */
  database: { host: string; port: number; name: string; user: string; password?: string };
  /** Substituted into the realm file's `${…}` placeholders at import. */
  realmEnv: { CLIENT_GATE_DESK_URL: string; CLIENT_GATE_DESK_CLIENT_SECRET: string; CLIENT_GATE_OFFICER_PASSWORD: string };
  logFile: string;
  progress?: (line: string) => void;
}

export interface RunningKeycloak {
  /** `http://localhost:<port>/realms/consular`, pinned by `--hostname` so that the browser and the desk agree on it. */
  issuer: string;
  stop(): Promise<void>;
}

export function keycloakCacheDir(): string {
  return process.env['KEYCLOAK_CACHE_DIR'] ?? join(homedir(), '.cache', 'client-gate', 'keycloak');
}

/** Downloads (Maven), unpacks and builds Keycloak unless the cache already holds that build; returns its home. */
export async function prepareKeycloak(progress: (line: string) => void = () => undefined): Promise<string> {
  const cache = keycloakCacheDir();
  const home = join(cache, `keycloak-${KEYCLOAK_VERSION}`);
  const java = keycloakJava();
  mkdirSync(cache, { recursive: true });
  if (!existsSync(join(home, 'bin', 'kc.sh'))) {
    const archive = join(cache, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.tar.gz`);
    if (!existsSync(archive)) {
      progress(`downloading Keycloak ${KEYCLOAK_VERSION} (org.keycloak:keycloak-quarkus-dist, Maven Central)…`);
      const artifact = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:tar.gz`;
      await run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${cache}`], 'the download');
    }
    progress('unpacking Keycloak…');
    await run('tar', ['xzf', archive, '-C', cache], 'unpacking');
  }
  // A marker of what was built, as the peer's run.sh keeps: building again costs about a minute.
  const marker = join(home, '.client-gate-build');
  const wanted = `${BUILD_OPTIONS.join(' ')} | ${java}`;
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== wanted) {
    progress(`kc.sh build ${BUILD_OPTIONS.join(' ')}…`);
    await run(join(home, 'bin', 'kc.sh'), ['build', ...BUILD_OPTIONS], 'kc.sh build', { JAVA: java });
    writeFileSync(marker, wanted);
  }
  return home;
}

/** Starts Keycloak (production mode) with the realm imported; resolves once the realm's discovery document answers. */
export async function startKeycloak(options: KeycloakOptions): Promise<RunningKeycloak> {
  const progress = options.progress ?? (() => undefined);
  const home = await prepareKeycloak(progress);
  // `--import-realm` reads every .json in data/import; the file is the same for every run (values come from the environment).
  const importDir = join(home, 'data', 'import');
  mkdirSync(importDir, { recursive: true });
  for (const file of readdirSync(importDir)) if (file !== 'consular-realm.json') throw new Error(`${importDir} holds ${file}: only consular-realm.json belongs there`);
  copyFileSync(REALM_FILE, join(importDir, 'consular-realm.json'));

  const url = `http://localhost:${options.httpPort}`;
  const { database } = options;
  const args = [
    'start',
    '--optimized',
    '--import-realm',
    '--cache=local',
    '--http-enabled=true',
    '--http-host=127.0.0.1',
    `--http-port=${options.httpPort}`,
    `--http-management-port=${options.managementPort}`,
    // A full URL pins the issuer: the browser and the desk's server-side discovery agree on it.
    `--hostname=${url}`,
    `--db-url=jdbc:postgresql://${database.host}:${database.port}/${database.name}`,
    `--db-username=${database.user}`,
  ];
  progress(`starting Keycloak on ${url} (kc.sh start --optimized)…`);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // Its own process group (kc.sh starts the JVM as its child): stop() ends both, and nothing else.
  const child = spawn(join(home, 'bin', 'kc.sh'), args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      JAVA: keycloakJava(),
      JAVA_OPTS_KC_HEAP: '-Xms256m -Xmx768m',
      ...(database.password && { KC_DB_PASSWORD: database.password }),
      ...options.realmEnv,
    },
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    await stopGroup(child, exited);
    log.end();
  };
  const issuer = `${url}/realms/${REALM}`;
  try {
    await waitForDiscovery(issuer, child, options.logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { issuer, stop };
}

/** Keycloak 26 runs on Java 21 or newer: KEYCLOAK_JAVA_HOME, else the newest such JDK under /usr/lib/jvm, else `java` if new enough. */
export function keycloakJava(): string {
  const given = process.env['KEYCLOAK_JAVA_HOME'];
  const candidates = given
    ? [join(given, 'bin', 'java')]
    : [...(existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm').map((dir) => join('/usr/lib/jvm', dir, 'bin', 'java')) : []), 'java'];
  let best: { java: string; major: number } | undefined;
  for (const java of candidates) {
    const major = javaMajor(java);
    if (major !== undefined && major >= 21 && (!best || major > best.major)) best = { java, major };
  }
  if (!best) throw new Error('Keycloak 26 needs Java 21 or newer: `apt-get install openjdk-21-jre-headless`, or set KEYCLOAK_JAVA_HOME');
  return best.java;
}

function javaMajor(java: string): number | undefined {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`);
  return result.status === 0 && match ? Number(match[1]) : undefined;
}

async function run(command: string, args: string[], what: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const { code, output } = await runCapture(command, args, { env });
  if (code !== 0) throw new Error(`Keycloak: ${what} failed (exit ${code}):\n${tail(output, 30)}`);
}

async function waitForDiscovery(issuer: string, child: ChildProcess, logFile: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Keycloak exited with code ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${issuer}/.well-known/openid-configuration`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Keycloak was not ready within ${timeoutMs / 1000} s; see ${logFile}`);
}

async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
