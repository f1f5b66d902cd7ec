import { prometheusPath } from '@client-gate/tools/system/prerequisites';
import { REPO_ROOT } from '@client-gate/tools/system/services';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { e2eEnvironment } from './support/environment';
import { bookAppointment, decided, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { metrics, sampleSum } from './support/metrics';
import { waitFor } from './support/wait-for';
import { E2E_CONSUMER_STALL_SECONDS } from './support/global-setup';

interface PrometheusAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/**
 * SPEC §9 and §10, issue 18: a consumer that has work and makes no progress is noticed (error log, metric,
 * /health/live 503, restarted in the process), and the shipped alert rules fire on it in a real Prometheus
 * (Debian's package) scraping the running services, then clear once it moves again.
 *
 * The stall is made the way it happens: a lock its handler needs is held. A separate connection locks intake's
 * processed_event table (which the inbox writes first, in the same transaction as the verdict), so registry's
 * verdict on a new application cannot be applied; HTTP requests, which do not touch that table, still work.
 */
describe('alerts fire in a real Prometheus (SPEC §10)', () => {
  const offset = Number(process.env['E2E_PORT_OFFSET'] ?? 0);
  const port = 19090 + offset;
  const dataDir = mkdtempSync(join(tmpdir(), 'client-gate-prometheus-'));
  let prometheus: ChildProcess | undefined;
  let holder: Client | undefined;

  const alerts = async (): Promise<PrometheusAlert[]> => {
    const answer = (await (await fetch(`http://127.0.0.1:${port}/api/v1/alerts`)).json()) as { data: { alerts: PrometheusAlert[] } };
    return answer.data.alerts;
  };
  const intakeStalledAlert = async () => (await alerts()).find((alert) => alert.labels['alertname'] === 'ConsumerStalled' && alert.labels['job'] === 'intake');

  beforeAll(async () => {
    const { urls } = e2eEnvironment();
    const targets = (['intake', 'registry', 'activation', 'notifications'] as const).map((name) => {
      const url = new URL(urls[name]);
      return `  - job_name: ${name}\n    static_configs: [{ targets: ['${url.host}'] }]`;
    });
    writeFileSync(
      join(dataDir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: ['${join(REPO_ROOT, 'prometheus', 'alerts.yml')}']`,
        'scrape_configs:',
        ...targets,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      prometheusPath(),
      [`--config.file=${join(dataDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dataDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    prometheus.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    await waitFor('Prometheus to be ready', async () => ((await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => undefined))?.ok ? true : undefined), 60_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${log}`);
      },
    );
  }, 90_000);

  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a stalled consumer: error log naming group, topic, partition and offset, consumer_stalled, /health/live 503, a restart, the alert firing; all clear once the lock goes', async () => {
    const { urls, databases, logDir } = e2eEnvironment();
    expect(await intakeStalledAlert()).toBeUndefined();
    const restartsBefore = sampleSum(await metrics('intake'), 'consumer_restarts_total', { group: 'intake' });

    holder = new Client({ connectionString: databases.intake });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE processed_event IN SHARE MODE');

    const token = staffToken();
    const submitted = await call('intake', 'POST', '/applications', { token, body: registerBody(await bookAppointment(token)) });
    expect(submitted.status).toBe(202);
    const applicationId: string = submitted.body.id;

    const stallTimeoutMs = (E2E_CONSUMER_STALL_SECONDS + 30) * 1000;
    const firing = await waitFor('the ConsumerStalled alert to fire for intake', async () => {
      const alert = await intakeStalledAlert();
      return alert?.state === 'firing' ? alert : undefined;
    }, stallTimeoutMs);
    expect(firing.labels).toMatchObject({ alertname: 'ConsumerStalled', job: 'intake', group: 'intake', severity: 'critical' });

    const live = await fetch(`${urls.intake}/health/live`);
    expect(live.status).toBe(503);
    const ready = (await (await fetch(`${urls.intake}/health/ready`)).json()) as { details: Record<string, { status: string }> };
    expect(ready.details['consumer']).toMatchObject({ status: 'down', group: 'intake' });
    const text = await metrics('intake');
    expect(sampleSum(text, 'consumer_stalled', { group: 'intake' })).toBe(1);
    await waitFor('the watchdog to restart the consumer', async () =>
      sampleSum(await metrics('intake'), 'consumer_restarts_total', { group: 'intake' }) > restartsBefore ? true : undefined,
    );
    const stallLog = readFileSync(join(logDir, 'intake.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('consumer stalled'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(stallLog.at(-1)).toMatchObject({ level: 50, group: 'intake', topic: expect.any(String), partition: expect.any(Number), offset: expect.any(String) });

    // Still submitted while the lock is held: nothing was skipped or dead-lettered.
    expect((await call('intake', 'GET', `/applications/${applicationId}`, { token })).body.status).toBe('submitted');

    await holder.query('ROLLBACK');
    expect((await decided(applicationId, token)).status).not.toBe('submitted');
    await waitFor('the ConsumerStalled alert to clear', async () => ((await intakeStalledAlert()) === undefined ? true : undefined), 60_000);
    expect((await fetch(`${urls.intake}/health/live`)).status).toBe(200);
    expect(sampleSum(await metrics('intake'), 'consumer_stalled', { group: 'intake' })).toBe(0);
  }, 150_000);
});
