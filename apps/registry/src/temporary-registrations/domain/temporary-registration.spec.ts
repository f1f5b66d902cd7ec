import { temporaryRegistrationPending } from './temporary-registration';

describe('temporaryRegistrationPending (R8)', () => {
  const reason = temporaryRegistrationPending('2027-03-31');

  it('R8: has the code TEMPORARY_REGISTRATION_PENDING', () => {
    expect(reason.code).toBe('TEMPORARY_REGISTRATION_PENDING');
  });

  it('R8: carries the day it lapses as a field of its own', () => {
    expect(reason.lapsesOn).toBe('2027-03-31');
  });

  it('R8: states both remedies and the day it lapses', () => {
    expect(reason.message).toMatch(/cancel it online/);
    expect(reason.message).toMatch(/wait until it lapses on 2027-03-31/);
  });
});
