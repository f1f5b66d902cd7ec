import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// maildev 3 is ESM-only ("import" export only) and swc compiles import() to require(); Function keeps a real import().
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

// The slice of maildev's API used here; its own types cannot be imported from a CommonJS file.
interface MailDevModule {
  MailDev: new (config: Record<string, unknown>) => { start(): Promise<unknown>; stop(): Promise<void>; isRunning(): boolean };
}

export interface EmailAddress {
  address: string;
  name?: string;
}

/** An email as MailDev's REST API returns it (dates arrive as ISO strings). */
export interface Email {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  from: EmailAddress[];
  to: EmailAddress[];
  cc?: EmailAddress[];
  /** Keys are lower-cased header names; a repeated header is an array. */
  headers: Record<string, string | string[]>;
  time: string;
  date?: string;
  envelope: { from: EmailAddress; to: EmailAddress[] };
}

export interface RunningMailDev {
  smtpUrl: string;
  apiUrl: string;
  stop(): Promise<void>;
}

function waitForSmtpGreeting(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(2000, () => socket.destroy(new Error(`No SMTP greeting on 127.0.0.1:${port}`)));
    socket.once('error', reject);
    socket.once('data', (data) => {
      socket.end('QUIT\r\n');
      if (data.toString().startsWith('220')) resolve();
      else reject(new Error(`Unexpected SMTP greeting on 127.0.0.1:${port}: ${data.toString().trim()}`));
    });
  });
}

export async function startMailDev(
  opts: { smtpPort?: number; webPort?: number; silent?: boolean } = {},
): Promise<RunningMailDev> {
  const smtpPort = opts.smtpPort ?? 1025;
  const webPort = opts.webPort ?? 1080;
  const { MailDev } = (await importEsm('maildev')) as MailDevModule;
  // A private mail dir: MailDev's default ($TMPDIR/maildev) is shared, and "delete all" empties it for every instance.
  const mailDirectory = await mkdtemp(path.join(os.tmpdir(), 'maildev-'));
  const maildev = new MailDev({
    smtp: smtpPort,
    ip: '127.0.0.1',
    web: webPort,
    webIp: '127.0.0.1',
    mailDirectory,
    silent: opts.silent ?? false,
  });

  const apiUrl = `http://127.0.0.1:${webPort}`;
  try {
    await maildev.start();
    await waitForSmtpGreeting(smtpPort);
    const res = await fetch(`${apiUrl}/api/email`);
    if (!res.ok) throw new Error(`MailDev API answered GET /api/email with HTTP ${res.status}`);
  } catch (err) {
    // start() can fail with SMTP already listening (web port taken); MailDev.stop() skips that, not being "running".
    const internals = maildev as unknown as { orchestrator?: { smtp?: { stop(): Promise<void> } | null } };
    await (maildev.isRunning() ? maildev.stop() : internals.orchestrator?.smtp?.stop());
    await rm(mailDirectory, { recursive: true, force: true });
    const { code, port } = err as { code?: string; port?: number };
    if (code === 'EADDRINUSE') {
      const which = port === smtpPort ? 'SMTP' : port === webPort ? 'web/API' : 'a';
      throw new Error(`Cannot start MailDev: ${which} port 127.0.0.1:${port} is already in use`);
    }
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    // 127.0.0.1, not localhost: Node may resolve localhost to ::1, where nothing listens.
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    apiUrl,
    stop: () =>
      (stopping ??= (async () => {
        await maildev.stop();
        await rm(mailDirectory, { recursive: true, force: true });
      })()),
  };
}

/** A small client of MailDev's REST API. */
export class MailSink {
  private readonly baseUrl: string;

  constructor(apiUrl: string) {
    this.baseUrl = apiUrl.replace(/\/+$/, '');
  }

  async list(): Promise<Email[]> {
    const res = await fetch(`${this.baseUrl}/api/email`);
    if (!res.ok) throw new Error(`GET ${this.baseUrl}/api/email failed: HTTP ${res.status}`);
    return (await res.json()) as Email[];
  }

  async deleteAll(): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/email/all`, { method: 'DELETE' });
    if (!res.ok) throw new Error(`DELETE ${this.baseUrl}/api/email/all failed: HTTP ${res.status}`);
  }

  /** Default timeout stays under Jest's default 5 s test timeout, so this message wins over Jest's generic one. */
  async waitFor(predicate: (e: Email) => boolean, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<Email> {
    const timeoutMs = opts.timeoutMs ?? 4000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const emails = await this.list();
      const match = emails.find(predicate);
      if (match) return match;
      if (Date.now() >= deadline) {
        const seen = emails.map((e) => `  - "${e.subject}" to ${e.to.map((a) => a.address).join(', ')}`);
        throw new Error(
          `No matching email within ${timeoutMs} ms; ${emails.length} arrived${emails.length ? ':\n' : ''}${seen.join('\n')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 100));
    }
  }
}
