import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RunningService } from '@client-gate/tools/system/services';
import { startDeskInstance } from './support/desk';
import { e2eEnvironment } from './support/environment';
import { waitFor } from './support/wait-for';

/** A stand-in provider that serves only its discovery document (enough for the desk's readiness), or nothing once closed. */
async function serveDiscovery(port = 0): Promise<{ server: Server; issuer: string }> {
  let issuer = '';
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/openid-configuration') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'] }),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { server, issuer };
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('R25: the desk\'s readiness asks its provider each time', () => {
  let desk: RunningService | undefined;
  let provider: Server | undefined;

  afterAll(async () => {
    await desk?.stop();
    if (provider?.listening) await closeServer(provider);
  });

  it('R25: ready while the provider answers; 503 naming it once the provider is gone (not a cached discovery); ready again when it is back', async () => {
    const stand = await serveDiscovery();
    provider = stand.server;
    const port = Number(new URL(e2eEnvironment().deskUrl).port) + 45;
    desk = await startDeskInstance(port, 'desk-provider-check', { OIDC_ISSUER: stand.issuer });
    expect((await fetch(`${desk.url}/health/ready`)).status).toBe(200);

    const providerPort = Number(new URL(stand.issuer).port);
    provider.closeAllConnections();
    await closeServer(provider);
    const down = await fetch(`${desk.url}/health/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ reason: 'the OpenID Connect provider does not answer' });
    expect((await fetch(`${desk.url}/health/live`)).status).toBe(200);

    provider = (await serveDiscovery(providerPort)).server;
    await waitFor('the desk ready again', async () => ((await fetch(`${desk!.url}/health/ready`)).status === 200 ? true : undefined));
  });
});
