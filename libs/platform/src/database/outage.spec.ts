import { QueryFailedError } from 'typeorm';
import { isDatabaseOutage } from './outage';

function pgError(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseOutage: failures to wait out rather than dead-letter (issue 11)', () => {
  it.each([
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access due to concurrent update'],
    ['53300', 'sorry, too many clients already'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
  ])('%s (%s) is an outage', (code, message) => {
    expect(isDatabaseOutage(pgError(code, message))).toBe(true);
  });

  it('reads the code of a TypeORM query failure from its driver error', () => {
    const failure = new QueryFailedError('INSERT …', [], pgError('40P01', 'deadlock detected'));
    expect(isDatabaseOutage(failure)).toBe(true);
    expect(isDatabaseOutage({ message: 'x', driverError: { code: '40001' } })).toBe(true);
  });

  it.each([
    ['23505', 'duplicate key value violates unique constraint'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['42P01', 'relation does not exist'],
  ])('%s (%s) is the event\'s or the code\'s fault, not an outage', (code, message) => {
    expect(isDatabaseOutage(pgError(code, message))).toBe(false);
  });

  it('recognises a lost connection by its message when there is no code', () => {
    expect(isDatabaseOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseOutage(new Error('handler failed'))).toBe(false);
  });
});
