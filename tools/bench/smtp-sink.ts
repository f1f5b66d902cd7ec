import { simpleParser } from 'mailparser';
import { performance } from 'node:perf_hooks';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** SPEC §4: codes are 16 Crockford base-32 characters in four groups. */
const CODE = /[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}/;

export interface ArrivedEmail {
  recipient: string;
  /** The X-Notification-Type header. */
  type: string;
  /** The X-Notification-Id header: the same on an email sent again. */
  notificationId: string;
  /** performance.now() when the end of DATA was received: the same clock the submissions are timed on. */
  arrivedAt: number;
  raw: Buffer;
}

/**
 * The bench's own mail sink: an SMTP server that timestamps each email the moment its DATA ends and
 * indexes it by recipient and notification type, so that waiting for thousands of emails costs a map
 * look-up rather than a poll of MailDev's list-everything API.
 */
export class SmtpSink {
  private readonly first = new Map<string, ArrivedEmail>();
  /** The notification ids of the emails that came after the first, by recipient and type. */
  private readonly again = new Map<string, string[]>();
  private duplicateCount = 0;
  /** Who waits for the first email of a recipient and type (the closed-loop clients). */
  private readonly waiters = new Map<string, (email: ArrivedEmail) => void>();

  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static start(port: number): Promise<SmtpSink> {
    let sink: SmtpSink | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      // Pooled connections of a service that was killed rather than stopped must not hold up our exit.
      closeTimeout: 1_000,
      onData: (stream, session, callback) => sink!.receive(stream, session, callback),
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        // A client killed mid-session (chaos kills notifications) resets its connection: smtp-server reports that
        // as an 'error' event, which would end this process if nothing listened.
        server.on('error', () => undefined);
        sink = new SmtpSink(server, `smtp://127.0.0.1:${port}`);
        resolve(sink);
      });
    });
  }

  /** The first email of this type to this address, if it has arrived. */
  arrival(recipient: string, type: string): ArrivedEmail | undefined {
    return this.first.get(key(recipient, type));
  }

  /** The first email of this type to this address, as soon as it arrives; undefined when none came within `timeoutMs`. */
  whenArrived(recipient: string, type: string, timeoutMs: number): Promise<ArrivedEmail | undefined> {
    const id = key(recipient, type);
    const arrived = this.first.get(id);
    if (arrived) return Promise.resolve(arrived);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(id, (email) => {
        clearTimeout(timer);
        this.waiters.delete(id);
        resolve(email);
      });
    });
  }

  /** Emails that arrived again for a recipient and type already seen (at-least-once delivery re-sending). */
  get duplicates(): number {
    return this.duplicateCount;
  }

  /** The notification ids of the emails of this type to this address after the first. */
  repeats(recipient: string, type: string): string[] {
    return this.again.get(key(recipient, type)) ?? [];
  }

  /** The one-time code in a recipient's email of this type; the MIME body is decoded only when asked. */
  async code(recipient: string, type: string): Promise<string> {
    const email = this.arrival(recipient, type);
    if (!email) throw new Error(`no ${type} email to ${recipient}`);
    const parsed = await simpleParser(email.raw);
    const match = CODE.exec(parsed.text ?? '');
    if (!match) throw new Error(`no code in the ${type} email to ${recipient}`);
    return match[0];
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('error', callback);
    stream.once('end', () => {
      const arrivedAt = performance.now();
      const raw = Buffer.concat(chunks);
      const type = headerValue(raw, 'X-Notification-Type') ?? 'unknown';
      const notificationId = headerValue(raw, 'X-Notification-Id') ?? 'unknown';
      for (const { address } of session.envelope.rcptTo) {
        const id = key(address, type);
        if (this.first.has(id)) {
          this.duplicateCount++;
          this.again.set(id, [...(this.again.get(id) ?? []), notificationId]);
        } else {
          const email = { recipient: address.toLowerCase(), type, notificationId, arrivedAt, raw };
          this.first.set(id, email);
          this.waiters.get(id)?.(email);
        }
      }
      callback();
    });
  }
}

function key(recipient: string, type: string): string {
  return `${type} ${recipient.toLowerCase()}`;
}

/** One header of the raw message, unfolded; the body is never decoded here, to keep the sink cheap. */
function headerValue(raw: Buffer, name: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('utf8').replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
