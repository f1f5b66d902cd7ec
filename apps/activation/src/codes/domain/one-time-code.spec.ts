import { randomBytes } from 'node:crypto';
import { canonicalCode, CODE_VALIDITY_DAYS, generateCode, hashCode } from './one-time-code';

const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY = randomBytes(32);

describe('generateCode (SPEC §4, §8: 80 bits from a CSPRNG, 16 Crockford base-32 characters)', () => {
  const codes = Array.from({ length: 1000 }, () => generateCode());

  it('writes XXXX-XXXX-XXXX-XXXX in the Crockford alphabet', () => {
    for (const code of codes) expect(code).toMatch(CODE_FORMAT);
  });

  it('never repeats in 1,000 codes', () => {
    expect(new Set(codes).size).toBe(1000);
  });

  it('uses the whole 32-character alphabet, and nothing else', () => {
    const used = new Set(codes.join('').replace(/-/g, ''));
    expect([...used].sort().join('')).toBe(CROCKFORD);
  });

  it('draws every one of the 16 positions from the whole alphabet (all 80 bits are random)', () => {
    const compact = codes.map((code) => code.replace(/-/g, ''));
    for (let position = 0; position < 16; position++) {
      expect(new Set(compact.map((code) => code[position])).size).toBe(32);
    }
  });

  it('is already canonical once the dashes are removed', () => {
    for (const code of codes.slice(0, 50)) expect(canonicalCode(code)).toBe(code.replace(/-/g, ''));
  });

  it('R9: a code is valid for 5 days', () => {
    expect(CODE_VALIDITY_DAYS).toBe(5);
  });
});

describe('canonicalCode (what the client typed → 16 canonical characters)', () => {
  it.each([
    ['ABCD-EFGH-JKMN-PQRS', 'ABCDEFGHJKMNPQRS'],
    ['abcd-efgh-jkmn-pqrs', 'ABCDEFGHJKMNPQRS'],
    ['AbCd-eFgH-jKmN-pQrS', 'ABCDEFGHJKMNPQRS'],
    ['ABCDEFGHJKMNPQRS', 'ABCDEFGHJKMNPQRS'],
    ['abcdefghjkmnpqrs', 'ABCDEFGHJKMNPQRS'],
    ['ABCD EFGH JKMN PQRS', 'ABCDEFGHJKMNPQRS'],
    ['  abcd-efgh\tjkmn -- pqrs \n', 'ABCDEFGHJKMNPQRS'],
    ['A-B-C-D-E-F-G-H-J-K-M-N-P-Q-R-S', 'ABCDEFGHJKMNPQRS'],
    ['VWXY-Z012-3456-789A', 'VWXYZ0123456789A'],
    // I and L read as 1, O as 0
    ['IIII-LLLL-OOOO-0000', '1111111100000000'],
    ['iiii-llll-oooo-1111', '1111111100001111'],
    ['ABCD-EFGH-JKMN-PQRO', 'ABCDEFGHJKMNPQR0'],
  ])('%p → %p', (typed, canonical) => {
    expect(canonicalCode(typed)).toBe(canonical);
  });

  it.each([
    ['15 characters', 'ABCD-EFGH-JKMN-PQR'],
    ['17 characters', 'ABCD-EFGH-JKMN-PQRST'],
    ['empty', ''],
    ['only dashes', '----'],
    ['a U (not in Crockford)', 'ABCD-EFGH-JKMN-PQRU'],
    ['a lower-case u', 'abcd-efgh-jkmn-pqru'],
    ['punctuation', 'ABCD-EFGH-JKMN-PQR*'],
    ['an underscore separator', 'ABCD_EFGH_JKMN_PQRS'],
    ['a non-Latin look-alike (Cyrillic А)', '\u0410BCD-EFGH-JKMN-PQRS'],
  ])('rejects %s', (_case, typed) => {
    expect(canonicalCode(typed)).toBeNull();
  });
});

describe('hashCode (SPEC §8: stored only as a keyed hash; looked up by it, so no code is ever compared in clear)', () => {
  const canonical = 'ABCDEFGHJKMNPQRS';

  it('is deterministic for the same key and code', () => {
    expect(hashCode(KEY, canonical)).toBe(hashCode(Buffer.from(KEY), canonical));
  });

  it('is a 256-bit hex digest that does not contain the code', () => {
    const hash = hashCode(KEY, canonical);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash.toUpperCase()).not.toContain(canonical);
  });

  it('is keyed: another key gives another hash', () => {
    expect(hashCode(randomBytes(32), canonical)).not.toBe(hashCode(KEY, canonical));
  });

  it('differs for codes that differ in one character', () => {
    expect(hashCode(KEY, 'ABCDEFGHJKMNPQRT')).not.toBe(hashCode(KEY, canonical));
  });

  it('hashes what the client typed the same as the issued code once canonical', () => {
    const issued = generateCode();
    const typed = issued.toLowerCase().replace(/-/g, ' ');
    expect(hashCode(KEY, canonicalCode(typed)!)).toBe(hashCode(KEY, canonicalCode(issued)!));
  });
});
