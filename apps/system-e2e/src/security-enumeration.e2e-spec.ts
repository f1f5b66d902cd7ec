import { ApiResponse } from './support/http';
import { registerActive, uniqueUsername } from './support/activation-fixtures';
import { newPerson } from './support/fixtures';
import { callFrom, freshAddress } from './support/security-fixtures';

/**
 * SPEC §8 no enumeration: forgotten-password and login answer known and unknown accounts alike, in
 * status, body and time. Both kinds of request are sent in a random interleaving after a warm-up, and
 * the medians of their answer times may differ by at most 5 ms.
 */
const ROUNDS = 40;
const WARM_UP = 6;
const TOLERANCE_MS = 5;

interface Timed {
  status: number;
  body: unknown;
  ms: number;
}

async function timed(send: () => Promise<ApiResponse>): Promise<Timed> {
  const started = performance.now();
  const response = await send();
  return { status: response.status, body: response.body, ms: performance.now() - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Sends `rounds` of each kind, in random order, and returns the answers of each kind. */
async function measure(rounds: number, known: (i: number) => Promise<ApiResponse>, unknown: (i: number) => Promise<ApiResponse>) {
  const order = [...Array<boolean>(rounds).fill(true), ...Array<boolean>(rounds).fill(false)].sort(() => Math.random() - 0.5);
  const answers = { known: [] as Timed[], unknown: [] as Timed[] };
  for (const isKnown of order) {
    if (isKnown) answers.known.push(await timed(() => known(answers.known.length)));
    else answers.unknown.push(await timed(() => unknown(answers.unknown.length)));
  }
  return answers;
}

function expectAlike(answers: { known: Timed[]; unknown: Timed[] }, status: number, body: unknown): void {
  for (const answer of [...answers.known, ...answers.unknown]) expect({ status: answer.status, body: answer.body }).toEqual({ status, body });
  const known = median(answers.known.map((answer) => answer.ms));
  const unknown = median(answers.unknown.map((answer) => answer.ms));
  process.stdout.write(`median answer: known ${known.toFixed(2)} ms, unknown ${unknown.toFixed(2)} ms\n`);
  expect(Math.abs(known - unknown)).toBeLessThanOrEqual(TOLERANCE_MS);
}

describe('SPEC §8 no enumeration', () => {
  it('POST /forgotten-password answers a known and an unknown address alike: 202 {} in the same time', async () => {
    const client = await registerActive();
    const forgotten = (email: string) => () => callFrom(freshAddress(), 'activation', 'POST', '/forgotten-password', { body: { email } });
    await measure(WARM_UP, forgotten(client.who.email), () => forgotten(newPerson().email)());
    const answers = await measure(ROUNDS, forgotten(client.who.email), () => forgotten(newPerson().email)());
    expectAlike(answers, 202, {});
  });

  it('POST /login answers a wrong password for a known username and any password for an unknown one alike: 401 in the same time', async () => {
    // Four failures per account stay under the lock (5), and every request comes from an address of its own.
    const clients = await Promise.all(Array.from({ length: ROUNDS / 4 + 2 }, () => registerActive()));
    const wrongPassword = (i: number) => {
      const client = clients[i >> 2];
      return callFrom(freshAddress(), 'activation', 'POST', '/login', { body: { username: client.username, password: `not ${client.password}` } });
    };
    const unknownUser = () =>
      callFrom(freshAddress(), 'activation', 'POST', '/login', { body: { username: uniqueUsername('nobody'), password: 'not anyone’s password' } });
    const invalid = { errors: [{ code: 'INVALID_CREDENTIALS', message: expect.any(String) }] };

    await measure(WARM_UP, (i) => wrongPassword(ROUNDS + i), unknownUser);
    const answers = await measure(ROUNDS, wrongPassword, unknownUser);
    expectAlike(answers, 401, invalid);
  });
});

