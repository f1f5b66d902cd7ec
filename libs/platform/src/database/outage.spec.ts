import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { DatabaseUnavailableError, isDatabaseOutage, outageReason } from './outage';

function pgError(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

function serverError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, message.length, 'error'), { code });
}

describe('isDatabaseOutage: failures to wait out rather than dead-letter (SPEC §9, issues 11 and 18)', () => {
  it.each([
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access due to concurrent update'],
    ['53300', 'sorry, too many clients already'],
    ['53200', 'out of memory'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['57P05', 'terminating connection due to idle-session timeout'],
    ['08006', 'connection failure'],
    ['08001', 'sqlclient unable to establish sqlconnection'],
    // The platform's own time limits: a limit reached is retried, never dead-lettered.
    ['57014', 'canceling statement due to statement timeout'],
    ['55P03', 'canceling statement due to lock timeout'],
    ['25P03', 'terminating connection due to idle-in-transaction timeout'],
  ])('SQLSTATE %s (%s) is an outage', (code, message) => {
    expect(isDatabaseOutage(serverError(code, message))).toBe(true);
    expect(isDatabaseOutage(pgError(code, message))).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE'])(
    'errno %s is an outage (issue 18: ETIMEDOUT, EHOSTUNREACH, ENOTFOUND and EAI_AGAIN were dead-lettered)',
    (code) => {
      expect(outageReason(pgError(code, 'whatever the text'))).toBe(code);
    },
  );

  it('reads the code of a TypeORM query failure from its driver error, and of a wrapped error from its cause', () => {
    const failure = new QueryFailedError('INSERT …', [], serverError('40P01', 'deadlock detected'));
    expect(isDatabaseOutage(failure)).toBe(true);
    expect(isDatabaseOutage({ message: 'x', driverError: { code: '40001' } })).toBe(true);
    expect(outageReason(new Error('connect failed', { cause: pgError('EAI_AGAIN') }))).toBe('EAI_AGAIN');
  });

  it.each(['connection-lost', 'query-timeout', 'connect-failed', 'pool-exhausted'] as const)(
    'a DatabaseUnavailableError (%s) is an outage, also inside a TypeORM query failure',
    (reason) => {
      const unavailable = new DatabaseUnavailableError(reason, 'no answer');
      expect(outageReason(unavailable)).toBe(reason);
      expect(outageReason(new QueryFailedError('SELECT 1', [], unavailable))).toBe(reason);
    },
  );

  it.each([
    ['23505', 'duplicate key value violates unique constraint'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['42P01', 'relation does not exist'],
    ['57000', 'operator intervention'],
  ])("SQLSTATE %s (%s) is the event's or the code's fault, not an outage", (code, message) => {
    expect(isDatabaseOutage(serverError(code, message))).toBe(false);
  });

  it('decides by type and code, never by the English text (a handler error that says "Connection terminated" is no outage)', () => {
    expect(isDatabaseOutage(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isDatabaseOutage(new Error('timeout exceeded when trying to connect'))).toBe(false);
    expect(isDatabaseOutage(new TypeError('handler failed'))).toBe(false);
    expect(isDatabaseOutage(undefined)).toBe(false);
  });

  it("a server's answer decides alone: a constraint violation wrapping a network cause is no outage", () => {
    const violation = Object.assign(serverError('23505', 'duplicate key'), { cause: pgError('ECONNRESET') });
    expect(isDatabaseOutage(violation)).toBe(false);
  });
});
