import jwt from 'jsonwebtoken';
import {
  mintPortalToken,
  mintStaffToken,
  PORTAL_AUDIENCE,
  STAFF_AUDIENCE,
  STAFF_TOKEN_LIFETIME_S,
  TOKEN_ISSUER,
  verifyStaffToken,
  verifyToken,
} from './tokens';

const SECRET = 'a-staff-token-secret-of-32-chars!';
const OTHER_SECRET = 'another-secret-of-at-least-32-chars';
const STAFF = { officer: 'officer-42', consulate: 'HU-LON' };
const NOW = new Date('2026-06-15T08:00:00.000Z');
const HOUR_MS = 60 * 60 * 1000;

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('staff tokens (SPEC §8: signed, short-lived, naming officer and consulate)', () => {
  it('mints a token that verifies back to the officer and the consulate', () => {
    const token = mintStaffToken(SECRET, STAFF, NOW);
    expect(verifyStaffToken(SECRET, token, NOW)).toEqual(STAFF);
  });

  it('carries issuer, audience, subject, iat = now and an 8-hour expiry, signed HS256', () => {
    const token = mintStaffToken(SECRET, STAFF, NOW);
    const decoded = jwt.decode(token, { complete: true })!;
    expect(decoded.header.alg).toBe('HS256');
    const iat = NOW.getTime() / 1000;
    expect(decoded.payload).toMatchObject({
      iss: TOKEN_ISSUER,
      aud: STAFF_AUDIENCE,
      sub: 'officer-42',
      consulate: 'HU-LON',
      iat,
      exp: iat + 8 * 60 * 60,
    });
    expect(STAFF_TOKEN_LIFETIME_S).toBe(8 * 60 * 60);
  });

  it.each([
    ['at issue', 0, true],
    ['after 1 hour', HOUR_MS, true],
    ['1 second before 8 hours', 8 * HOUR_MS - 1000, true],
    ['at exactly 8 hours', 8 * HOUR_MS, false],
    ['after 9 hours', 9 * HOUR_MS, false],
    ['a week later', 7 * 24 * HOUR_MS, false],
  ])('verifies %s: %p', (_case, elapsedMs, valid) => {
    const token = mintStaffToken(SECRET, STAFF, NOW);
    const result = verifyStaffToken(SECRET, token, at(NOW, elapsedMs));
    if (valid) expect(result).toEqual(STAFF);
    else expect(result).toBeNull();
  });

  it('refuses a token without exp (jsonwebtoken alone would accept it for ever)', () => {
    const token = jwt.sign({ consulate: STAFF.consulate, iat: NOW.getTime() / 1000 }, SECRET, {
      algorithm: 'HS256', subject: STAFF.officer, issuer: TOKEN_ISSUER, audience: STAFF_AUDIENCE,
    });
    expect(jwt.decode(token)).not.toHaveProperty('exp');
    expect(verifyStaffToken(SECRET, token, NOW)).toBeNull();
  });

  it('refuses a token older than 8 hours whatever its exp says, and one without iat', () => {
    const signed = (claims: object) => jwt.sign({ consulate: STAFF.consulate, ...claims }, SECRET, {
      algorithm: 'HS256', subject: STAFF.officer, issuer: TOKEN_ISSUER, audience: STAFF_AUDIENCE, expiresIn: '3650d',
    });
    const longLived = signed({ iat: NOW.getTime() / 1000 });
    expect(verifyStaffToken(SECRET, longLived, at(NOW, HOUR_MS))).toEqual(STAFF);
    expect(verifyStaffToken(SECRET, longLived, at(NOW, 8 * HOUR_MS + 1000))).toBeNull();
    const withoutIat = jwt.sign({ consulate: STAFF.consulate, exp: NOW.getTime() / 1000 + 3600 }, SECRET, {
      algorithm: 'HS256', subject: STAFF.officer, issuer: TOKEN_ISSUER, audience: STAFF_AUDIENCE, noTimestamp: true,
    });
    expect(jwt.decode(withoutIat)).not.toHaveProperty('iat');
    expect(verifyStaffToken(SECRET, withoutIat, NOW)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyStaffToken(SECRET, mintStaffToken(OTHER_SECRET, STAFF, NOW), NOW)).toBeNull();
  });

  it('refuses an unsigned token (alg: none)', () => {
    const iat = NOW.getTime() / 1000;
    const payload = { consulate: STAFF.consulate, sub: STAFF.officer, iss: TOKEN_ISSUER, aud: STAFF_AUDIENCE, iat, exp: iat + 3600 };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
    expect(jwt.decode(unsigned)).toMatchObject({ sub: STAFF.officer }); // well-formed, only unsigned
    expect(verifyStaffToken(SECRET, unsigned, NOW)).toBeNull();
    expect(verifyToken(SECRET, unsigned, STAFF_AUDIENCE, NOW)).toBeNull();
  });

  it('refuses a token signed with another algorithm than HS256, even with the right secret', () => {
    const token = jwt.sign({ consulate: STAFF.consulate }, SECRET, {
      algorithm: 'HS512',
      subject: STAFF.officer,
      issuer: TOKEN_ISSUER,
      audience: STAFF_AUDIENCE,
      expiresIn: 3600,
    });
    expect(verifyStaffToken(SECRET, token, new Date())).toBeNull();
  });

  it('refuses a token whose payload was altered (another consulate)', () => {
    const token = mintStaffToken(SECRET, STAFF, NOW);
    const [header, , signature] = token.split('.');
    const forged = { ...(jwt.decode(token) as jwt.JwtPayload), consulate: 'HU-NYC' };
    expect(verifyStaffToken(SECRET, `${header}.${base64url(forged)}.${signature}`, NOW)).toBeNull();
  });

  it('refuses a token from another issuer', () => {
    const token = jwt.sign({ consulate: STAFF.consulate }, SECRET, {
      algorithm: 'HS256',
      subject: STAFF.officer,
      issuer: 'someone-else',
      audience: STAFF_AUDIENCE,
      expiresIn: 3600,
    });
    expect(verifyStaffToken(SECRET, token, new Date())).toBeNull();
  });

  it('refuses a correctly signed staff-audience token that names no consulate', () => {
    const token = jwt.sign({}, SECRET, { algorithm: 'HS256', subject: STAFF.officer, issuer: TOKEN_ISSUER, audience: STAFF_AUDIENCE, expiresIn: 3600 });
    expect(verifyToken(SECRET, token, STAFF_AUDIENCE, new Date())).not.toBeNull();
    expect(verifyStaffToken(SECRET, token, new Date())).toBeNull();
  });

  it.each(['', 'not-a-token', 'a.b.c'])('refuses garbage %p', (token) => {
    expect(verifyStaffToken(SECRET, token, NOW)).toBeNull();
  });

  describe('audiences: staff and portal credentials are not interchangeable', () => {
    it('a portal token is refused as a staff token', () => {
      const portal = mintPortalToken(SECRET, NOW);
      expect(verifyToken(SECRET, portal, PORTAL_AUDIENCE, NOW)).toMatchObject({ sub: 'online-portal', aud: PORTAL_AUDIENCE });
      expect(verifyStaffToken(SECRET, portal, NOW)).toBeNull();
      expect(verifyToken(SECRET, portal, STAFF_AUDIENCE, NOW)).toBeNull();
    });

    it('a staff token is refused as the portal credential', () => {
      const staff = mintStaffToken(SECRET, STAFF, NOW);
      expect(verifyToken(SECRET, staff, PORTAL_AUDIENCE, NOW)).toBeNull();
    });

    it('the portal credential lasts a year, not 8 hours', () => {
      const portal = mintPortalToken(SECRET, NOW);
      expect(verifyToken(SECRET, portal, PORTAL_AUDIENCE, at(NOW, 364 * 24 * HOUR_MS))).not.toBeNull();
      expect(verifyToken(SECRET, portal, PORTAL_AUDIENCE, at(NOW, 365 * 24 * HOUR_MS))).toBeNull();
    });
  });

  describe('controllable clock (SPEC §6): minted and checked on the platform clock', () => {
    const simulated = new Date('2027-03-01T09:00:00.000Z');
    const realTime = new Date('2026-11-25T04:00:00.000Z'); // before the simulated time, as after `clock reset`

    it('a token minted at the simulated time verifies at that time + 1 h', () => {
      const token = mintStaffToken(SECRET, STAFF, simulated);
      expect(verifyStaffToken(SECRET, token, at(simulated, HOUR_MS))).toEqual(STAFF);
    });

    it('and fails at the simulated time + 9 h', () => {
      const token = mintStaffToken(SECRET, STAFF, simulated);
      expect(verifyStaffToken(SECRET, token, at(simulated, 9 * HOUR_MS))).toBeNull();
    });

    it('is refused before the time it was minted at (nbf = iat)', () => {
      const token = mintStaffToken(SECRET, STAFF, simulated);
      const payload = jwt.decode(token) as jwt.JwtPayload;
      expect(payload.nbf).toBe(payload.iat);
      expect(verifyStaffToken(SECRET, token, realTime)).toBeNull();
    });
  });
});
