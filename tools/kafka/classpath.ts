/**
 * What the local broker runs on: a Java 17+ found on the machine, and Kafka's jars resolved by Maven
 * into its own cache (~/.m2) from tools/kafka/pom.xml. The resolved classpath is cached in
 * .local/kafka/classpath.txt; mvn is skipped while every jar in it exists and the pom is unchanged.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../repo-root';

export { REPO_ROOT };
export const KAFKA_VERSION = '4.3.1';
export const LOCAL_DIR = path.join(REPO_ROOT, '.local', 'kafka');

const POM_FILE = path.join(REPO_ROOT, 'tools', 'kafka', 'pom.xml');
const CLASSPATH_FILE = path.join(LOCAL_DIR, 'classpath.txt');
const CLASSPATH_STAMP = path.join(LOCAL_DIR, 'classpath.pom.sha256');

export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function findJava(): string | undefined {
  const javaHome = process.env.JAVA_HOME;
  if (javaHome) {
    const candidate = path.join(javaHome, 'bin', 'java');
    if (fs.existsSync(candidate)) return candidate;
  }
  return findOnPath('java');
}

function missingToolError(what: string): Error {
  return new Error(
    `Cannot run the local Kafka broker: ${what}. ` +
      'It needs Java 17+ (`java`) and Maven (`mvn`) on the PATH (e.g. `apt-get install openjdk-17-jre-headless maven`). ' +
      'Alternatively run Kafka in a container with `docker compose up`.',
  );
}

let cachedJava: string | undefined;

/** Absolute path of a java >= 17, or throws the "missing tool" error. */
export function requireJava(): string {
  const found = findJava17();
  if ('problem' in found) throw missingToolError(found.problem);
  return found.java;
}

/** Why there is no usable Java 17+ on this machine, or undefined when there is. */
export function javaProblem(): string | undefined {
  const found = findJava17();
  return 'problem' in found ? found.problem : undefined;
}

function findJava17(): { java: string } | { problem: string } {
  if (cachedJava) return { java: cachedJava };
  const java = findJava();
  if (!java) return { problem: '`java` was not found (checked $JAVA_HOME/bin and PATH)' };
  const res = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const out = `${res.stderr ?? ''}${res.stdout ?? ''}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (res.status !== 0 || !m) return { problem: `\`${java} -version\` failed: ${out.trim() || res.error?.message}` };
  const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
  if (major < 17) return { problem: `\`java\` at ${java} is Java ${major}, Kafka ${KAFKA_VERSION} needs Java 17 or newer` };
  cachedJava = java;
  return { java };
}

/** Runs a command to its end and returns its exit code with stdout and stderr interleaved (the last ~100 kB). */
export function runCapture(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env && { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const append = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export function tail(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}

/**
 * The broker's Java classpath (jars in ~/.m2). Runs `mvn dependency:build-classpath` only when
 * .local/kafka/classpath.txt is missing, stale (pom changed) or names a jar that no longer exists.
 * Throws if `java` or `mvn` is missing, pointing at `docker compose up` as the alternative.
 */
export async function resolveKafkaClasspath(): Promise<string> {
  requireJava();
  const mvn = findOnPath('mvn');
  if (!mvn) throw missingToolError('`mvn` (Apache Maven) was not found on the PATH');

  const pomHash = createHash('sha256').update(fs.readFileSync(POM_FILE)).digest('hex');
  return readCachedClasspath(pomHash) ?? (await buildClasspath(mvn, pomHash));
}

function readCachedClasspath(pomHash: string): string | undefined {
  try {
    if (fs.readFileSync(CLASSPATH_STAMP, 'utf8').trim() !== pomHash) return undefined;
    const cp = fs.readFileSync(CLASSPATH_FILE, 'utf8').trim();
    const jars = cp.split(path.delimiter).filter(Boolean);
    if (jars.length === 0 || !jars.every((jar) => fs.existsSync(jar))) return undefined;
    return jars.join(path.delimiter);
  } catch {
    return undefined;
  }
}

async function buildClasspath(mvn: string, pomHash: string): Promise<string> {
  fs.mkdirSync(LOCAL_DIR, { recursive: true });
  const tmp = `${CLASSPATH_FILE}.${process.pid}.${Date.now()}.tmp`;
  const { code, output } = await runCapture(mvn, [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    POM_FILE,
    'dependency:build-classpath',
    '-Dmdep.includeScope=runtime',
    `-Dmdep.outputFile=${tmp}`,
  ]);
  if (code !== 0 || !fs.existsSync(tmp)) {
    fs.rmSync(tmp, { force: true });
    throw new Error(
      `mvn could not resolve the Kafka ${KAFKA_VERSION} jars (exit ${code}); is Maven Central reachable?\n` +
        `${tail(output, 40)}\nAlternatively run Kafka in a container with \`docker compose up\`.`,
    );
  }
  // atomic publish: concurrent callers (npm start + jest) may race here
  fs.renameSync(tmp, CLASSPATH_FILE);
  fs.writeFileSync(CLASSPATH_STAMP, `${pomHash}\n`);
  const cp = readCachedClasspath(pomHash);
  if (!cp) throw new Error(`mvn wrote ${CLASSPATH_FILE} but some jars in it do not exist`);
  return cp;
}
