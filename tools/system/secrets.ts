import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEVELOPMENT_SECRET_MARK } from '@client-gate/platform/env';

export interface DevSecrets {
  STAFF_TOKEN_SECRET: string;
  CODE_HASH_KEY: string;
  CODE_SEALING_KEYS: string;
  /** The development identity provider's: its signing key (a private JWK), the desk's client secret, its cookie key. */
  OIDC_DEV_SIGNING_KEY: string;
  OIDC_DEV_CLIENT_SECRET: string;
  OIDC_DEV_COOKIE_KEY: string;
  /** Seals the desk's session tokens at rest. */
  DESK_SESSION_KEY: string;
}

/** Random, and marked as development secrets so that a service in production refuses them. */
export function generateSecrets(): DevSecrets {
  return {
    STAFF_TOKEN_SECRET: `${DEVELOPMENT_SECRET_MARK}-${randomBytes(32).toString('base64url')}`,
    CODE_HASH_KEY: Buffer.concat([Buffer.from(`${DEVELOPMENT_SECRET_MARK}-`), randomBytes(32)]).toString('base64'),
    CODE_SEALING_KEYS: `${DEVELOPMENT_SECRET_MARK}-1:${randomBytes(32).toString('base64')}`,
    OIDC_DEV_SIGNING_KEY: JSON.stringify(signingKey()),
    OIDC_DEV_CLIENT_SECRET: `${DEVELOPMENT_SECRET_MARK}-${randomBytes(32).toString('base64url')}`,
    OIDC_DEV_COOKIE_KEY: randomBytes(32).toString('base64url'),
    DESK_SESSION_KEY: Buffer.concat([Buffer.from(`${DEVELOPMENT_SECRET_MARK}-`), randomBytes(32)]).toString('base64'),
  };
}

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

/** Outside production, secrets are made once per checkout and kept (git-ignored) for the ops CLI. */
export function loadOrCreateSecrets(file: string): DevSecrets {
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  // A checkout made before a secret existed gets that one added; the others stay as they were.
  const secrets = { ...generateSecrets(), ...kept };
  if (Object.keys(kept).length === Object.keys(secrets).length) return secrets;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
