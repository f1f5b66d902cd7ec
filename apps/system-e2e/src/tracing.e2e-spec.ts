import { SERVICE_NAMES } from '@client-gate/tools/system/services';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eEnvironment } from './support/environment';
import { bookAppointment, decided, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { emailTo } from './support/mail';
import { waitFor } from './support/wait-for';


function linesWith(service: string, traceId: string): Record<string, unknown>[] {
  const log = readFileSync(join(e2eEnvironment().logDir, `${service}.log`), 'utf8');
  return log
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(traceId))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** SPEC §5, §10: one application's trace id (W3C traceparent) follows it through all four services' logs. */
describe('tracing', () => {
  it('the trace id of POST /applications appears in every service\'s JSON log as it travels', async () => {
    const token = staffToken();
    const who = newPerson();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e' + Date.now().toString(16).slice(-4);
    const response = await call('intake', 'POST', '/applications', {
      token,
      body: registerBody(await bookAppointment(token), who),
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('traceparent')).toContain(traceId);
    await decided(response.body.id, token);
    await emailTo(who.email, 'activation-code');

    for (const service of SERVICE_NAMES) {
      const lines = await waitFor(`${service} to log the trace`, async () => {
        const found = linesWith(service, traceId);
        return found.length > 0 ? found : undefined;
      });
      expect(lines.every((line) => line['traceId'] === traceId)).toBe(true);
    }
  });
});
