import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DeskEnv } from '../config';
import { StaffApi, StaffApiError, StaffApiUnavailable } from './staff-api';

/** A real HTTP server in front of the client, answering as a proxy or the staff API would. */
describe('StaffApi: the status decides before the body is parsed (R25: an outage shows "unavailable")', () => {
  let server: Server;
  let api: StaffApi;
  const answers: Record<string, { status: number; type: string; body: string }> = {
    '/proxy-502': { status: 502, type: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
    '/html-200': { status: 200, type: 'text/html', body: '<html>login portal</html>' },
    '/refused': { status: 422, type: 'application/json', body: JSON.stringify({ errors: [{ code: 'DOCUMENT_EXPIRED', message: 'x' }] }) },
    '/ok': { status: 200, type: 'application/json', body: JSON.stringify({ id: 'a' }) },
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const answer = answers[request.url ?? ''];
      response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api = new StaffApi({ INTAKE_URL: base, REGISTRY_URL: base } as DeskEnv);
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('an HTML 502 of a proxy is "unavailable", not a failure to parse', async () => {
    await expect(api.call('token', 'intake', 'GET', '/proxy-502')).rejects.toBeInstanceOf(StaffApiUnavailable);
  });

  it('a 200 that is not JSON is "unavailable" too', async () => {
    await expect(api.call('token', 'intake', 'GET', '/html-200')).rejects.toBeInstanceOf(StaffApiUnavailable);
  });

  it('a 422 brings its errors; a 200 its JSON', async () => {
    await expect(api.call('token', 'registry', 'POST', '/refused', {})).rejects.toEqual(expect.objectContaining({ status: 422, errors: [{ code: 'DOCUMENT_EXPIRED', message: 'x' }] }));
    await expect(api.call('token', 'registry', 'POST', '/refused', {})).rejects.toBeInstanceOf(StaffApiError);
    expect(await api.call('token', 'intake', 'GET', '/ok')).toEqual({ id: 'a' });
  });
});
