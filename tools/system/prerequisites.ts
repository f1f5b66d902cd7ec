import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { findOnPath, javaProblem } from '../kafka/classpath';

/**
 * What `npm start` and `npm test` need from the machine besides Node, checked before they run anything.
 * What is missing is installed with Debian's apt-get when this runs as root (after `apt-get update`);
 * otherwise the command stops with one line naming the command to run.
 */
export interface Prerequisite {
  /** what it is, as a person would look for it */
  name: string;
  isMissing(): boolean;
  /** the Debian packages that provide it */
  packages: string[];
}

/** Debian's Chromium drives the pages' browser test (playwright-core: no browser download). CHROMIUM_PATH points elsewhere. */
export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

export const CHROMIUM: Prerequisite = {
  name: 'Chromium',
  isMissing: () => !isExecutable(chromiumPath()),
  packages: ['chromium'],
};

/** Debian's Prometheus: `npm test` checks and unit-tests the alert rules with promtool, and fires them in the alert e2e test. */
export const PROMETHEUS: Prerequisite = {
  name: 'Prometheus (prometheus, promtool)',
  isMissing: () => !findOnPath('promtool') || !isExecutable(prometheusPath()),
  packages: ['prometheus'],
};

export function prometheusPath(): string {
  return process.env['PROMETHEUS_PATH'] ?? '/usr/bin/prometheus';
}

/** The local Kafka broker runs on Java 17+ from jars Maven fetches. */
export const JAVA: Prerequisite = { name: 'Java 17+', isMissing: () => javaProblem() !== undefined, packages: ['openjdk-17-jre-headless'] };
export const MAVEN: Prerequisite = { name: 'Maven', isMissing: () => !findOnPath('mvn'), packages: ['maven'] };

export interface InstallOptions {
  /** apt-get, a name on the PATH or a path (APT_GET, for tests) */
  aptGet: string;
  /** whether this process may install packages */
  root: boolean;
  log: (line: string) => void;
}

const defaults = (): InstallOptions => ({
  aptGet: process.env['APT_GET'] ?? 'apt-get',
  root: process.getuid?.() === 0,
  log: (line) => process.stdout.write(`${line}\n`),
});

/**
 * Installs what is missing of `needed` where it can. Undefined when all is there (then or already),
 * else the one line to show before stopping: what is missing and the command that installs it.
 */
export function installMissing(needed: Prerequisite[], options: InstallOptions = defaults()): string | undefined {
  const missing = needed.filter((prerequisite) => prerequisite.isMissing());
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.flatMap((prerequisite) => prerequisite.packages))];
  const sudo = options.root ? '' : 'sudo ';
  const command = `${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(' ')}`;
  const aptGet = options.aptGet.includes('/') ? options.aptGet : findOnPath(options.aptGet);
  const what = missing.map((prerequisite) => prerequisite.name).join(', ');
  if (options.root && aptGet && isExecutable(aptGet)) {
    options.log(`Installing ${what} (${command})…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const installed =
      spawnSync(aptGet, ['update', '-qq'], { stdio: 'inherit', env }).status === 0 &&
      spawnSync(aptGet, ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env }).status === 0;
    const still = missing.filter((prerequisite) => prerequisite.isMissing());
    if (installed && still.length === 0) return undefined;
  }
  return `Missing ${what}: run \`${command}\`, then try again.`;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
