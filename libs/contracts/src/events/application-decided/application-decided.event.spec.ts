import { buildAsyncApi } from '../../asyncapi';
import { ApplicationDecided } from './application-decided.event';

const verdict = {
  applicationId: '9b2d4c6e-1a3f-4e5d-8c7b-6a5f4e3d2c1b',
  outcome: 'rejected' as const,
  decidedAt: '2026-12-01T09:30:00.000Z',
};

describe('registry.application.decided (R8: the lapse date is a field of the reason, not only words in its message)', () => {
  it('R8: carries lapsesOn as an ISO date of its own and refuses anything else there', () => {
    const reason = { code: 'TEMPORARY_REGISTRATION_PENDING', message: 'Cancel it online, or wait until it lapses.', lapsesOn: '2027-01-14' };
    expect(ApplicationDecided.schema.parse({ ...verdict, reasons: [reason] }).reasons).toEqual([reason]);
    expect(ApplicationDecided.schema.safeParse({ ...verdict, reasons: [{ ...reason, lapsesOn: '14 January 2027' }] }).success).toBe(false);
  });

  it('R8: the AsyncAPI document describes lapsesOn as a YYYY-MM-DD field of every reason', () => {
    const document = JSON.stringify(buildAsyncApi('test'));
    expect(document).toContain('"lapsesOn":{"type":"string","pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$"}');
  });
});
