import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DevSecrets {
  STAFF_TOKEN_SECRET: string;
  CODE_HASH_KEY: string;
  CODE_SEALING_KEYS: string;
}

export function generateSecrets(): DevSecrets {
  return {
    STAFF_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    CODE_HASH_KEY: randomBytes(32).toString('base64'),
    CODE_SEALING_KEYS: `dev-1:${randomBytes(32).toString('base64')}`,
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
