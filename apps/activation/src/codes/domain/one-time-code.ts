import { createHmac, randomBytes } from 'node:crypto';

// Crockford base-32: no I, L, O or U, so a code read aloud or retyped is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const CODE_VALIDITY_DAYS = 5;

/** 80 bits from the CSPRNG as 16 Crockford base-32 characters, `XXXX-XXXX-XXXX-XXXX` (SPEC §4). */
export function generateCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let chars = '';
  for (let i = 15; i >= 0; i--) chars += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return chars.match(/.{4}/g)!.join('-');
}

/** What the client typed, as the canonical 16 characters; null when it cannot be a code. */
export function canonicalCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(cleaned) ? cleaned : null;
}

/** Codes are stored only as a keyed hash (SPEC §8). */
export function hashCode(key: Buffer, canonical: string): string {
  return createHmac('sha256', key).update(canonical).digest('hex');
}
