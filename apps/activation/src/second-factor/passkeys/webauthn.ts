import { storableText } from '@client-gate/contracts';
import {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { z } from 'zod';

/**
 * R27: WebAuthn through @simplewebauthn/server (CBOR, attestation and signatures are its business), behind these
 * few functions so that the rest of the service sees plain data. User verification is preferred, not required: a
 * security key without a PIN still counts as something the client has.
 */

const base64url = z.string().max(16_384).regex(/^[A-Za-z0-9_-]*$/, 'expected base64url');
const transports = z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(8);

/** A credential as the browser's `toJSON()` gives it (PublicKeyCredential, Level 3), from navigator.credentials.create(). */
export const registrationCredentialSchema = z.object({
  id: base64url.max(1024),
  rawId: base64url.max(1024),
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: base64url, attestationObject: base64url, transports: transports.optional() }).passthrough(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** An assertion as the browser's `toJSON()` gives it, from navigator.credentials.get(). */
export const assertionSchema = z.object({
  id: base64url.max(1024),
  rawId: base64url.max(1024),
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: base64url.optional() }).passthrough(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
export type Assertion = z.infer<typeof assertionSchema>;

/** The client's name for a passkey: at most 64 characters of text. */
export const passkeyNameSchema = storableText.trim().min(1).max(64);

export interface RelyingParty {
  rpID: string;
  origin: string;
}

export interface StoredPasskey {
  credentialId: string;
  publicKey: Buffer;
  signCount: number;
  transports: string[] | null;
}

const RP_NAME = 'Ügyfélkapu – Client Gate';
/** How long the browser waits for the client, in milliseconds: within the ceremony's challenge's life server-side (PasskeyCeremonies, EMAIL_CODE_VALIDITY_MINUTES). */
const TIMEOUT_MS = 5 * 60_000;

export function creationOptions(rp: RelyingParty, user: { gatewayId: string; username: string }, existing: StoredPasskey[]): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpID,
    userName: user.username,
    // The account's id, so that a discoverable passkey names it; never shown.
    userID: new Uint8Array(Buffer.from(user.gatewayId, 'utf8')),
    timeout: TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: knownTransports(passkey.transports) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** The new passkey, or null when the browser's answer is not one for this challenge, origin and RP ID. */
export async function verifiedCreation(rp: RelyingParty, credential: z.infer<typeof registrationCredentialSchema>, expectedChallenge: string): Promise<StoredPasskey | null> {
  try {
    const { verified, registrationInfo } = await verifyRegistrationResponse({
      response: credential as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
    if (!verified) return null;
    const { id, publicKey, counter, transports: used } = registrationInfo.credential;
    return { credentialId: id, publicKey: Buffer.from(publicKey), signCount: counter, transports: used ?? credential.response.transports ?? null };
  } catch {
    return null;
  }
}

export function requestOptions(rp: RelyingParty, passkeys: StoredPasskey[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    timeout: TIMEOUT_MS,
    userVerification: 'preferred',
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: knownTransports(passkey.transports) })),
  });
}

/**
 * The signature counter the passkey reached, or null when the assertion is not this passkey's for this challenge,
 * origin and RP ID, or its counter did not go up (a cloned authenticator; 0 stays allowed for those that keep none).
 */
export async function verifiedAssertion(rp: RelyingParty, passkey: StoredPasskey, assertion: Assertion, expectedChallenge: string): Promise<number | null> {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: assertion as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.signCount, transports: knownTransports(passkey.transports) },
      requireUserVerification: false,
    });
    return verified ? authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}

function knownTransports(stored: string[] | null): AuthenticatorTransportFuture[] | undefined {
  return transports.safeParse(stored ?? undefined).data;
}
