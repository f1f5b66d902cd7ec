import { SERVICE_NAMES } from '@client-gate/tools/system/services';
import { connect, Socket } from 'node:net';
import { e2eEnvironment } from './support/environment';
import { waitFor } from './support/wait-for';

/** One raw HTTP/1.1 keep-alive exchange on `socket`: the status line and headers of the answer. */
function exchange(socket: Socket, path: string): Promise<{ status: string; headers: Map<string, string> }> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received);
      if (end < 0 || !length || received.length < end + 4 + Number(length[1])) return;
      socket.off('data', onData);
      const [status, ...lines] = received.slice(0, end).split('\r\n');
      resolve({ status, headers: new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()])) });
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: client-gate\r\nConnection: keep-alive\r\n\r\n`);
  });
}

/** Every HTTP server of the platform: the four services and the officers' desk. */
function serverUrl(server: string): URL {
  const environment = e2eEnvironment();
  return new URL(server === 'desk' ? environment.deskUrl : environment.urls[server as (typeof SERVICE_NAMES)[number]]);
}

function open(server: string): Promise<Socket> {
  const url = serverUrl(server);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Issue 11: every HTTP server's idle connections outlive a proxy's or load balancer's 60 s idle timeout (Node's default is 5 s). */
describe('HTTP connections', () => {
  it.each([...SERVICE_NAMES, 'desk'])('%s keeps an idle keep-alive connection for 65 s and says so', async (server) => {
    const socket = await open(server);
    try {
      const answer = await exchange(socket, '/health/live');
      expect(answer.status).toBe('HTTP/1.1 200 OK');
      expect(answer.headers.get('keep-alive')).toBe('timeout=65');
    } finally {
      socket.destroy();
    }
  });

  it('an idle connection is still open after 6 s, past the 5 s that Node would have kept it', async () => {
    const socket = await open('intake');
    let closed = false;
    socket.once('close', () => (closed = true));
    try {
      await exchange(socket, '/health/live');
      const idleSince = Date.now();
      await waitFor('6 s of idleness', async () => (closed || Date.now() - idleSince >= 6_000 ? true : undefined), 10_000);
      expect(closed).toBe(false);
      expect((await exchange(socket, '/health/live')).status).toBe('HTTP/1.1 200 OK');
    } finally {
      socket.destroy();
    }
  });
});
