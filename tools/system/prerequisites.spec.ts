import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, installMissing } from './prerequisites';

const REPO_ROOT = join(__dirname, '..', '..');

/**
 * The machine's own Chromium stays where it is: these tests point CHROMIUM_PATH at a file that does not exist
 * yet, and APT_GET at a stand-in that records how it was called and "installs" that file.
 */
describe('prerequisites of npm start and npm test', () => {
  let dir: string;
  let calls: string;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  /** A stand-in for apt-get: logs its arguments; `install` creates the browser, or fails when told to. */
  function fakeAptGet(failInstall = false): string {
    const script = join(dir, 'apt-get');
    writeFileSync(
      script,
      `#!/bin/sh\necho "$*" >> ${calls}\nif [ "$1" = install ]; then ${failInstall ? 'exit 100' : `printf '#!/bin/sh\\n' > ${process.env['CHROMIUM_PATH']} && chmod +x ${process.env['CHROMIUM_PATH']}`}; fi\n`,
    );
    chmodSync(script, 0o755);
    return script;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prerequisites-'));
    calls = join(dir, 'calls');
    process.env['CHROMIUM_PATH'] = join(dir, 'chromium');
    lines.length = 0;
  });

  afterAll(() => {
    delete process.env['CHROMIUM_PATH'];
  });

  it('installs a missing browser with apt-get, after apt-get update, when running as root', () => {
    expect(installMissing([CHROMIUM], { aptGet: fakeAptGet(), root: true, log })).toBeUndefined();
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual(['update -qq', 'install -y -qq chromium']);
    expect(existsSync(process.env['CHROMIUM_PATH']!)).toBe(true);
  });

  it('does nothing when nothing is missing', () => {
    const aptGet = fakeAptGet();
    writeFileSync(process.env['CHROMIUM_PATH']!, '');
    chmodSync(process.env['CHROMIUM_PATH']!, 0o755);
    expect(installMissing([CHROMIUM], { aptGet, root: true, log })).toBeUndefined();
    expect(existsSync(calls)).toBe(false);
  });

  it('names the command to run, in one line, when it may not install', () => {
    const aptGet = fakeAptGet();
    expect(installMissing([CHROMIUM], { aptGet, root: false, log })).toBe(
      'Missing Chromium: run `sudo apt-get update && sudo apt-get install -y chromium`, then try again.',
    );
    expect(existsSync(calls)).toBe(false);
  });

  it('names the command when there is no apt-get, or it fails', () => {
    const line = 'Missing Chromium: run `apt-get update && apt-get install -y chromium`, then try again.';
    expect(installMissing([CHROMIUM], { aptGet: join(dir, 'no-apt-get'), root: true, log })).toBe(line);
    expect(installMissing([CHROMIUM], { aptGet: fakeAptGet(true), root: true, log })).toBe(line);
  });

  it('npm test stops before the suite with that one line when the browser is missing and cannot be installed', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'tools', 'run.cjs'), 'test'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CHROMIUM_PATH: join(dir, 'chromium'), APT_GET: join(dir, 'no-apt-get') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Missing Chromium: run `(sudo )?apt-get update && (sudo )?apt-get install -y chromium`, then try again.\n$/);
    expect(run.stdout).not.toContain('▶');
  }, 60_000);

  it('npm start stops before starting anything with one line when Java and Maven are missing and cannot be installed', () => {
    // Its own broker (no KAFKA_BROKERS) and no JAVA_HOME.
    const { JAVA_HOME: _javaHome, KAFKA_BROKERS: _brokers, ...env } = process.env;
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'tools', 'run.cjs'), 'start'], {
      cwd: REPO_ROOT,
      // A PATH without java or mvn (the tools are run with this Node itself).
      env: { ...env, PATH: dir, APT_GET: join(dir, 'no-apt-get') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Missing Java 17\+, Maven: run `(sudo )?apt-get update && (sudo )?apt-get install -y openjdk-17-jre-headless maven`, then try again.\n$/);
    expect(run.stdout).not.toContain('starting Kafka');
  }, 60_000);
});
