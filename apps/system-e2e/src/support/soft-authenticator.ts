import { isoCBOR } from '@simplewebauthn/server/helpers';
import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A passkey authenticator in the test process, for the JSON API's WebAuthn ceremonies (R27): P-256 keys (ES256),
 * "none" attestation, user present and verified, a signature counter that goes up at every assertion. The CBOR
 * comes from the library the service uses; the service verifies what this makes like any browser's answer.
 */
export class SoftAuthenticator {
  private readonly credentials = new Map<string, { privateKey: KeyObject; counter: number }>();

  constructor(
    readonly origin: string,
    readonly rpId: string,
  ) {}

  /** navigator.credentials.create() for these creation options, as the credential's JSON. */
  create(options: { challenge: string }): Record<string, unknown> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { x, y } = publicKey.export({ format: 'jwk' });
    // COSE_Key: kty EC2, alg ES256, crv P-256, x, y.
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(x!, 'base64url'))],
      [-3, new Uint8Array(Buffer.from(y!, 'base64url'))],
    ]);
    const credentialId = randomBytes(16);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([this.rpIdHash(), Buffer.from([0x45]), counterBytes(0), Buffer.alloc(16), idLength, credentialId, Buffer.from(isoCBOR.encode(coseKey))]);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', new Uint8Array(authData)]]) as never);
    const id = credentialId.toString('base64url');
    this.credentials.set(id, { privateKey, counter: 0 });
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: this.clientData('webauthn.create', options.challenge), attestationObject: Buffer.from(attestationObject).toString('base64url'), transports: ['internal'] },
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get() with the first allowed credential this authenticator holds; `origin` to play a phishing site. */
  get(options: { challenge: string; allowCredentials?: { id: string }[] }, { origin = this.origin, counter }: { origin?: string; counter?: number } = {}): Record<string, unknown> {
    const id = (options.allowCredentials ?? []).map((allowed) => allowed.id).find((allowed) => this.credentials.has(allowed));
    if (!id) throw new Error('no allowed credential is held');
    const credential = this.credentials.get(id)!;
    // `counter` plays a clone whose counter fell behind; the authenticator's own goes on as before.
    if (counter === undefined) credential.counter += 1;
    const authData = Buffer.concat([this.rpIdHash(), Buffer.from([0x05]), counterBytes(counter ?? credential.counter)]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, origin);
    const signed = Buffer.concat([authData, createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest()]);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON, authenticatorData: authData.toString('base64url'), signature: sign('sha256', signed, credential.privateKey).toString('base64url') },
      clientExtensionResults: {},
    };
  }

  private rpIdHash(): Buffer {
    return createHash('sha256').update(this.rpId).digest();
  }

  private clientData(type: string, challenge: string, origin = this.origin): string {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })).toString('base64url');
  }
}

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}
