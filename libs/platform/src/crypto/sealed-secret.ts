import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SealedSecret } from '@client-gate/contracts';

/**
 * AES-256-GCM for secrets on Kafka (one-time codes) and at rest (second-factor secrets). Keys come as `id:base64key[,id:base64key...]`;
 * the first seals, all open, so keys can rotate. A seal is bound to what it was sealed for (`boundTo`,
 * the additional authenticated data): it opens only for the same, so it cannot be moved into another event.
 */
export class SecretSealer {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(keyring: string) {
    const entries = parseKeyring(keyring);
    this.keys = new Map(entries);
    this.currentKeyId = entries[0][0];
  }

  seal(plaintext: string, boundTo: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      keyId: this.currentKeyId,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  open(sealed: SealedSecret, boundTo: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`unknown sealing key id ${sealed.keyId}`);
    // A pinned tag length: Node would otherwise accept a truncated (forgeable) tag.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'), { authTagLength: 16 });
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }
}

export function parseKeyring(keyring: string): [string, Buffer][] {
  const entries = keyring.split(',').map((entry): [string, Buffer] => {
    const [id, encoded] = entry.split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error('expected id:base64(32-byte key)[,id:base64key...]');
    return [id, key];
  });
  if (entries.length === 0) throw new Error('no key');
  return entries;
}
