import { SERVICE_NAMES } from '@client-gate/tools/system/services';
import { bookAppointment, decided, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { emailTo } from './support/mail';
import { e2eEnvironment } from './support/environment';
import { metrics, sample } from './support/metrics';

/** SPEC §3, §10: health, Prometheus metrics and OpenAPI on every service. */
describe('operations endpoints', () => {
  it.each(SERVICE_NAMES)('%s: live, ready (database and broker), docs', async (service) => {
    expect((await call(service, 'GET', '/health/live')).status).toBe(200);
    const ready = await call(service, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
    const docs = await fetch(`${e2eEnvironment().urls[service]}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const openApi = await call(service, 'GET', '/docs-json');
    expect(openApi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openApi.body.paths).length).toBeGreaterThan(0);
  });

  it('the OpenAPI documents describe request bodies from the same schemas that validate them', async () => {
    const intake = (await call('intake', 'GET', '/docs-json')).body;
    const body = intake.paths['/applications'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['appointmentId', 'kind', 'person', 'citizenship', 'document']));
    expect(body.properties.kind.enum).toEqual(['register', 'delete', 'modify']);
    const activation = (await call('activation', 'GET', '/docs-json')).body;
    expect(activation.paths['/activation'].post.requestBody.content['application/json'].schema.required).toEqual(['code', 'username', 'password']);
  });

  it('metrics count HTTP latency, events produced and consumed, the outbox backlog, consumer lag and emails', async () => {
    const token = staffToken();
    const who = newPerson();
    const before = sample(await metrics('intake'), 'events_published_total', { topic: 'intake.application.v1' }) ?? 0;
    const response = await call('intake', 'POST', '/applications', { token, body: registerBody(await bookAppointment(token), who) });
    await decided(response.body.id, token);
    await emailTo(who.email, 'activation-code');

    const intake = await metrics('intake');
    expect(sample(intake, 'events_published_total', { topic: 'intake.application.v1' })).toBeGreaterThan(before);
    expect(sample(intake, 'http_request_duration_seconds_count', { route: '/applications', method: 'POST', status: '202' })).toBeGreaterThan(0);
    expect(sample(intake, 'events_consumed_total', { topic: 'registry.application-outcome.v1', type: 'registry.application.decided', outcome: 'applied' })).toBeGreaterThan(0);
    expect(intake).toMatch(/^outbox_backlog \d+$/m);
    expect(intake).toMatch(/^consumer_lag\{topic="registry\.application-outcome\.v1",partition="\d"\} \d+$/m);
    const notifications = await metrics('notifications');
    expect(sample(notifications, 'emails_sent_total', { type: 'activation-code' })).toBeGreaterThan(0);
  });
});
