import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPostgresReachable } from '../infra/postgres';
import { resolveKafkaClasspath } from '../kafka/broker';
import { CHROMIUM, installMissing, JAVA, MAVEN, PROMETHEUS } from '../system/prerequisites';

/**
 * `npm test`: type check, lint (module boundaries included), unit tests, the alert rules (promtool), then the end-to-end suite
 * against a real broker, the machine's Postgres and MailDev. Extra arguments go to the e2e Jest run
 * (e.g. `npm test -- --e2e-only -t R8`).
 */
const ROOT = join(__dirname, '..', '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

function step(title: string, command: string, args: string[]): void {
  process.stdout.write(`\n▶ ${title}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  if (result.status !== 0) {
    process.stdout.write(`✖ ${title} failed (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

/** Installs what the suite needs where it can, else stops before it with one line naming the command to run. */
async function prepareMachine(): Promise<void> {
  const ownBroker = !process.env['KAFKA_BROKERS'];
  const missing = installMissing(ownBroker ? [JAVA, MAVEN, CHROMIUM, PROMETHEUS] : [CHROMIUM, PROMETHEUS]);
  if (missing) {
    process.stderr.write(`${missing}\n`);
    process.exit(1);
  }
  // Kafka's jars into Maven's cache now (once), not in the middle of the suite.
  if (ownBroker) await resolveKafkaClasspath();
  const postgres = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!(await isPostgresReachable(postgres))) {
    process.stderr.write(
      `Postgres is not reachable at ${postgres}. Start the machine's server ` +
        '(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_DATABASE_URL.\n',
    );
    process.exit(1);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const e2eOnly = args.includes('--e2e-only');
  const jestArgs = args.filter((arg) => arg !== '--e2e-only');
  await prepareMachine();
  if (!e2eOnly) {
    step('type check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
    // The module-boundaries rule reads Nx's project graph, which `nx show projects` computes.
    step('project graph', bin('nx'), ['show', 'projects']);
    step('lint', bin('eslint'), ['.']);
    step('unit tests', bin('jest'), ['-c', 'jest.config.cjs', '--json', `--outputFile=${report('unit')}`]);
    step('alert rules (promtool check)', 'promtool', ['check', 'rules', 'prometheus/alerts.yml']);
    step('alert rules (promtool unit tests)', 'promtool', ['test', 'rules', 'prometheus/alerts.test.yml']);
  }
  step('end-to-end tests', bin('jest'), ['-c', 'apps/system-e2e/jest.config.cjs', '--runInBand', '--json', `--outputFile=${report('e2e')}`, ...jestArgs]);
  // One plain closing line for CI: every test that ran, passed or failed.
  const totals = ['unit', 'e2e']
    .filter((name) => !(e2eOnly && name === 'unit'))
    .map((name) => JSON.parse(readFileSync(report(name), 'utf8')) as { numPassedTests: number; numFailedTests: number })
    .reduce((sum, run) => ({ passed: sum.passed + run.numPassedTests, failed: sum.failed + run.numFailedTests }), { passed: 0, failed: 0 });
  process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed\n`);
}

function report(name: string): string {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  return join(ROOT, 'test-artifacts', `jest-${name}.json`);
}

main().catch((error: Error) => {
  process.stderr.write(`npm test failed: ${error.message}\n`);
  process.exit(1);
});
