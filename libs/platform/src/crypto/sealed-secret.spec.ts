import { randomBytes } from 'node:crypto';
import { SealedSecret } from '@client-gate/contracts';
import { parseKeyring, SecretSealer } from './sealed-secret';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const CODE = 'ABCD-EFGH-JKMN-PQRS';
const BOUND = 'activation.code.issued/gateway-1/notification-1';

/** Flips one bit of a base64 field. */
function flipBit(base64: string, byte = 0): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[byte] ^= 0x01;
  return bytes.toString('base64');
}

describe('SecretSealer (SPEC §8: codes travel on Kafka under AES-256-GCM)', () => {
  const sealer = new SecretSealer(`k1:${OLD_KEY}`);

  it.each([CODE, '', 'árvíztűrő tükörfúrógép – Київ 🔑', 'x'.repeat(10_000)])('opens what it sealed: %p', (plaintext) => {
    expect(sealer.open(sealer.seal(plaintext, BOUND), BOUND)).toBe(plaintext);
  });

  it('names the key that sealed it and uses a 96-bit IV and a 128-bit tag', () => {
    const sealed = sealer.seal(CODE, BOUND);
    expect(sealed.keyId).toBe('k1');
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
  });

  it('produces a different IV and ciphertext each time for the same plaintext', () => {
    const seals = Array.from({ length: 20 }, () => sealer.seal(CODE, BOUND));
    expect(new Set(seals.map((s) => s.iv)).size).toBe(20);
    expect(new Set(seals.map((s) => s.ciphertext)).size).toBe(20);
  });

  it('does not contain the plaintext, in any encoding of the sealed record', () => {
    const sealed = sealer.seal(CODE, BOUND);
    const serialised = JSON.stringify(sealed);
    expect(serialised).not.toContain(CODE);
    expect(serialised).not.toContain(CODE.replace(/-/g, ''));
    expect(Buffer.from(sealed.ciphertext, 'base64').toString('latin1')).not.toContain(CODE);
  });

  it.each([
    ['tag (truncated to 4 bytes)', (s: SealedSecret) => ({ ...s, tag: Buffer.from(s.tag, 'base64').subarray(0, 4).toString('base64') })],
    ['tag (truncated to 15 bytes)', (s: SealedSecret) => ({ ...s, tag: Buffer.from(s.tag, 'base64').subarray(0, 15).toString('base64') })],
    ['ciphertext', (s: SealedSecret) => ({ ...s, ciphertext: flipBit(s.ciphertext) })],
    ['ciphertext (last byte)', (s: SealedSecret) => ({ ...s, ciphertext: flipBit(s.ciphertext, 18) })],
    ['tag', (s: SealedSecret) => ({ ...s, tag: flipBit(s.tag) })],
    ['tag (last byte)', (s: SealedSecret) => ({ ...s, tag: flipBit(s.tag, 15) })],
    ['tag (swapped for another seal of the same plaintext)', (s: SealedSecret) => ({ ...s, tag: sealer.seal(CODE, BOUND).tag })],
    ['iv', (s: SealedSecret) => ({ ...s, iv: flipBit(s.iv) })],
  ])('refuses to open when the %s was tampered with', (_part, tamper) => {
    const sealed = sealer.seal(CODE, BOUND);
    expect(() => sealer.open(tamper(sealed), BOUND)).toThrow();
  });

  it.each([
    ['another notification', 'activation.code.issued/gateway-1/notification-2'],
    ['another gateway', 'activation.code.issued/gateway-2/notification-1'],
    ['nothing', ''],
  ])('refuses to open a seal moved to %s (bound as additional authenticated data)', (_case, elsewhere) => {
    const sealed = sealer.seal(CODE, BOUND);
    expect(() => sealer.open(sealed, elsewhere)).toThrow();
    expect(sealer.open(sealed, BOUND)).toBe(CODE);
  });

  it('refuses a ciphertext sealed under another key with the same key id', () => {
    const other = new SecretSealer(`k1:${NEW_KEY}`);
    expect(() => sealer.open(other.seal(CODE, BOUND), BOUND)).toThrow();
  });

  it('refuses a record that names an unknown key id', () => {
    const sealed = sealer.seal(CODE, BOUND);
    expect(() => sealer.open({ ...sealed, keyId: 'k9' }, BOUND)).toThrow('unknown sealing key id k9');
  });

  describe('key rotation: the first key seals, every key opens', () => {
    const before = new SecretSealer(`old:${OLD_KEY}`);
    const after = new SecretSealer(`new:${NEW_KEY},old:${OLD_KEY}`);

    it('opens a secret sealed before the rotation with the old key', () => {
      const sealed = before.seal(CODE, BOUND);
      expect(sealed.keyId).toBe('old');
      expect(after.open(sealed, BOUND)).toBe(CODE);
    });

    it('seals with the new (first) key', () => {
      const sealed = after.seal(CODE, BOUND);
      expect(sealed.keyId).toBe('new');
      expect(after.open(sealed, BOUND)).toBe(CODE);
    });

    it('a reader that does not yet know the new key cannot open it', () => {
      expect(() => before.open(after.seal(CODE, BOUND), BOUND)).toThrow('unknown sealing key id new');
    });
  });
});

describe('parseKeyring', () => {
  it('reads id:base64 entries in order as 32-byte keys', () => {
    const entries = parseKeyring(`new:${NEW_KEY},old:${OLD_KEY}`);
    expect(entries.map(([id]) => id)).toEqual(['new', 'old']);
    expect(entries[0][1].equals(Buffer.from(NEW_KEY, 'base64'))).toBe(true);
    expect(entries[1][1]).toHaveLength(32);
  });

  it.each([
    ['a 16-byte key', `k1:${randomBytes(16).toString('base64')}`],
    ['a 31-byte key', `k1:${randomBytes(31).toString('base64')}`],
    ['a 33-byte key', `k1:${randomBytes(33).toString('base64')}`],
    ['a 64-byte key', `k1:${randomBytes(64).toString('base64')}`],
    ['a good key then a short one', `k1:${OLD_KEY},k2:${randomBytes(24).toString('base64')}`],
    ['no key', 'k1'],
    ['an empty key', 'k1:'],
    ['no id', `:${OLD_KEY}`],
    ['an empty keyring', ''],
  ])('rejects %s', (_case, keyring) => {
    expect(() => parseKeyring(keyring)).toThrow('expected id:base64(32-byte key)');
    expect(() => new SecretSealer(keyring)).toThrow();
  });
});
