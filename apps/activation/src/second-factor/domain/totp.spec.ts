import { groupedSecret, newTotpSecret, totpCode, totpStep, totpUri } from './totp';

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" (base 32 below) and its 8-digit codes, here the last 6.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (R22)', () => {
  it.each([
    [59_000, '287082'],
    [1_111_111_109_000, '081804'],
    [1_234_567_890_000, '005924'],
    [2_000_000_000_000, '279037'],
  ])('at %i ms the code is %s (RFC 6238 test vectors)', (at, code) => {
    expect(totpCode(RFC_SECRET, at)).toBe(code);
    expect(totpStep(RFC_SECRET, code, at)).toBe(Math.floor(at / 30_000));
  });

  it('accepts one step of drift either way and no more', () => {
    const now = 1_234_567_890_000;
    const step = Math.floor(now / 30_000);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBeNull();
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now)).toBeNull();
  });

  it.each(['', '12345', '1234567', 'abcdef', ' 287082'])('refuses %j, which is no 6-digit code', (code) => {
    expect(totpStep(RFC_SECRET, code, 59_000)).toBeNull();
  });

  it('makes 160-bit secrets, grouped by four for typing, in an otpauth URI with the parameters spelled out', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(groupedSecret(secret)).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const uri = new URL(totpUri(secret, 'olena.kovacs'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});
