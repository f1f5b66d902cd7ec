import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Registration {
  index: number;
  email: string;
  givenNames: string;
  documentNumber: string;
  appointmentId?: string;
  applicationId?: string;
  /** performance.now() at the start of POST /applications: where its latency is counted from. */
  submittedAt?: number;
  /** What the person chose at activation (R10), for the sign-in phase. */
  username?: string;
  password?: string;
  /** Why intake did not accept it; such a registration has no latency. */
  error?: string;
}

/** People who are new to the platform and eligible (R1, R5, R6), unique by name (R2) within a run and a batch. */
export function newRegistrations(batch: string, count: number): Registration[] {
  const tag = `${Date.now().toString(36)}${batch}`;
  return Array.from({ length: count }, (_, index) => ({
    index,
    email: `bench-${tag}-${index}@example.org`,
    givenNames: `Bench ${tag} ${index}`,
    documentNumber: `B${tag}${index}`.toUpperCase(),
  }));
}

const TIMEOUT_MS = 60_000;

/**
 * intake's staff API (SPEC §3), spread round-robin over its instances. Over node:http with kept-alive
 * connections rather than `fetch`, which costs the bench about twice the CPU per request: the bench's CPU is
 * taken from the same two cores the system needs.
 */
export class IntakeClient {
  private turn = 0;
  private readonly agent = new Agent({ keepAlive: true });

  constructor(
    private readonly urls: string[],
    private readonly token: string,
  ) {}

  async bookAppointment(registration: Registration): Promise<void> {
    const body = await this.post('/appointments', 201, {
      channel: 'email',
      contact: registration.email,
      applicantName: registration.givenNames,
      startsAt: new Date().toISOString(),
    });
    registration.appointmentId = String(body['id']);
  }

  /** Times the submission from the moment it starts, unless the caller has set an intended start already. */
  async submitApplication(registration: Registration): Promise<void> {
    registration.submittedAt ??= performance.now();
    const body = await this.post('/applications', 202, applicationBody(registration));
    registration.applicationId = String(body['id']);
  }

  private post(path: string, expected: number, payload: unknown): Promise<Record<string, unknown>> {
    const url = new URL(path, this.urls[this.turn++ % this.urls.length]);
    const body = JSON.stringify(payload);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${this.token}` },
          timeout: TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (response.statusCode !== expected) reject(new Error(`POST ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`));
            else resolve(JSON.parse(text) as Record<string, unknown>);
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`POST ${path}: no answer within ${TIMEOUT_MS} ms`)));
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

function applicationBody(registration: Registration) {
  const today = new Date();
  const inYears = (years: number) => `${today.getUTCFullYear() + years}-06-30`;
  return {
    appointmentId: registration.appointmentId,
    kind: 'register',
    person: {
      familyName: 'Teszt',
      givenNames: registration.givenNames,
      dateOfBirth: '1985-06-15',
      placeOfBirth: 'Budapest',
      mothersBirthName: 'Minta Mária',
    },
    citizenship: 'HU',
    document: { type: 'passport', number: registration.documentNumber, issuingCountry: 'HU', issuedOn: inYears(-2), expiresOn: inYears(5) },
    email: registration.email,
    locale: 'hu',
  };
}
