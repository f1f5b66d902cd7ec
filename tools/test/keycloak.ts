import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isPostgresReachable } from '../infra/postgres';
import { REPO_ROOT } from '../repo-root';
import { keycloakJava, prepareKeycloak } from '../keycloak/keycloak';
import { CHROMIUM, installMissing, JAVA, MAVEN } from '../system/prerequisites';

/**
 * `npm run test:keycloak`: the desk against a real Keycloak 26.7.3 (R25). Downloads and builds Keycloak into
 * ~/.cache/client-gate/keycloak the first time, then runs the `*.keycloak-spec.ts` files (their global setup starts
 * Keycloak and the system). Extra arguments go to Jest; E2E_PORT_OFFSET and TEST_DATABASE_URL as for `npm test`.
 */
async function main(): Promise<void> {
  const missing = installMissing([JAVA, MAVEN, CHROMIUM]);
  if (missing) throw new Error(missing);
  keycloakJava(); // Java 21+ or a message naming what to install
  const postgres = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!(await isPostgresReachable(postgres))) throw new Error(`Postgres is not reachable at ${postgres} (set TEST_DATABASE_URL)`);
  // Download and build outside Jest's setup, where it would be silent for minutes.
  await prepareKeycloak((line) => process.stdout.write(`${line}\n`));
  const jest = join(REPO_ROOT, 'node_modules', '.bin', 'jest');
  const started = Date.now();
  const result = spawnSync(jest, ['-c', 'apps/system-e2e/jest.keycloak.config.cjs', '--runInBand', ...process.argv.slice(2)], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  process.stdout.write(`keycloak e2e: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  process.exit(result.status ?? 1);
}

main().catch((error: Error) => {
  process.stderr.write(`npm run test:keycloak failed: ${error.message}\n`);
  process.exit(1);
});
