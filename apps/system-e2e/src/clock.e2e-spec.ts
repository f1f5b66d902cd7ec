import { SERVICE_NAMES } from '@client-gate/tools/system/services';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { advanceClock, platformNow, resetClock, setClock } from './support/clock';
import { e2eEnvironment } from './support/environment';
import { call, staffToken } from './support/http';

const REPO_ROOT = join(__dirname, '..', '..', '..');

async function serviceTimes(): Promise<number[]> {
  return Promise.all(SERVICE_NAMES.map(async (service) => Date.parse((await call(service, 'GET', '/ops/clock')).body.now)));
}

describe('the shared controllable clock (SPEC §6)', () => {
  afterAll(() => resetClock());

  it('clock set moves every service to the same simulated time', async () => {
    await setClock('2027-03-01T09:00:00Z');
    for (const time of await serviceTimes()) {
      expect(Math.abs(time - Date.parse('2027-03-01T09:00:00Z'))).toBeLessThan(5_000);
    }
  });

  it('clock advance moves it forward; a staff token minted at the simulated time keeps working', async () => {
    await advanceClock('6d');
    for (const time of await serviceTimes()) {
      expect(Math.abs(time - Date.parse('2027-03-07T09:00:00Z'))).toBeLessThan(5_000);
    }
    const token = staffToken();
    await advanceClock('7h');
    const stillValid = await call('intake', 'GET', '/applications/00000000-0000-4000-8000-000000000000', { token });
    expect(stillValid.status).toBe(404);
    await advanceClock('2h');
    const expired = await call('intake', 'GET', '/applications/00000000-0000-4000-8000-000000000000', { token });
    expect(expired.status).toBe(401);
    expect(platformNow().toISOString().slice(0, 10)).toBe('2027-03-07');
  });

  it('npm run ops -- clock reset brings every service back to real time', () => {
    const environment = e2eEnvironment();
    const result = spawnSync('npm', ['run', '--silent', 'ops', '--', 'clock', 'reset'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        KAFKA_BROKERS: environment.kafkaBrokers,
        INTAKE_URL: environment.urls.intake,
        REGISTRY_URL: environment.urls.registry,
        ACTIVATION_URL: environment.urls.activation,
        NOTIFICATIONS_URL: environment.urls.notifications,
      },
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/clock is now .* on every service/);
    return serviceTimes().then((times) => times.forEach((time) => expect(Math.abs(time - Date.now())).toBeLessThan(5_000)));
  });
});
