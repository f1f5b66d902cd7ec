import { forgottenPasswordCode } from './forgotten-password';

const registeredAt = new Date('2026-01-01T10:00:00Z');
const day = (n: number, from = registeredAt) => new Date(from.getTime() + n * 24 * 60 * 60 * 1000);

describe('forgottenPasswordCode', () => {
  describe('R11: a gateway pending activation', () => {
    const pending = { status: 'pending_activation' as const, registeredAt, passwordExpiresAt: null };

    it.each([0, 6, 59.99])('gets an activation code %s days after registration', (days) => {
      expect(forgottenPasswordCode(pending, day(days))).toBe('activation');
    });

    it.each([60, 61, 400])('gets nothing %s days after registration', (days) => {
      expect(forgottenPasswordCode(pending, day(days))).toBeNull();
    });
  });

  describe('R13: an active gateway', () => {
    const passwordExpiresAt = day(100);
    const active = { status: 'active' as const, registeredAt, passwordExpiresAt };

    it('gets a password-reset code while the password is valid', () => {
      expect(forgottenPasswordCode(active, day(99))).toBe('password-reset');
    });

    it.each([0, 30, 59.99])('gets a password-reset code %s days after the password expired', (days) => {
      expect(forgottenPasswordCode(active, day(days, passwordExpiresAt))).toBe('password-reset');
    });

    it.each([60, 61, 365])('gets nothing %s days after the password expired', (days) => {
      expect(forgottenPasswordCode(active, day(days, passwordExpiresAt))).toBeNull();
    });

    it('is not bound by the 60 days after registration', () => {
      expect(forgottenPasswordCode(active, day(90))).toBe('password-reset');
    });
  });

  it('an ended (deleted or purged) gateway gets nothing', () => {
    expect(forgottenPasswordCode({ status: 'ended', registeredAt, passwordExpiresAt: null }, day(1))).toBeNull();
  });
});
