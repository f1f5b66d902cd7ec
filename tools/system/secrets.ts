import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEVELOPMENT_SECRET_MARK } from '@client-gate/platform';

export interface DevSecrets {
  STAFF_TOKEN_SECRET: string;
  CODE_HASH_KEY: string;
  CODE_SEALING_KEYS: string;
}

/** Random, and marked as development secrets so that a service in production refuses them. */
export function generateSecrets(): DevSecrets {
  return {
    STAFF_TOKEN_SECRET: `${DEVELOPMENT_SECRET_MARK}-${randomBytes(32).toString('base64url')}`,
    CODE_HASH_KEY: Buffer.concat([Buffer.from(`${DEVELOPMENT_SECRET_MARK}-`), randomBytes(32)]).toString('base64'),
    CODE_SEALING_KEYS: `${DEVELOPMENT_SECRET_MARK}-1:${randomBytes(32).toString('base64')}`,
  };
}

/** Outside production, secrets are made once per checkout and kept (git-ignored) for the ops CLI. */
export function loadOrCreateSecrets(file: string): DevSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const secrets = generateSecrets();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
