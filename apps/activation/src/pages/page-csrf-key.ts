import { createHmac } from 'node:crypto';
import { ActivationEnv } from '../config';

/** PAGE_CSRF_KEY, or outside production (where it is optional) a key derived from CODE_HASH_KEY, never equal to it. */
export function pageCsrfKey(env: Pick<ActivationEnv, 'PAGE_CSRF_KEY' | 'CODE_HASH_KEY'>): Buffer {
  if (env.PAGE_CSRF_KEY) return Buffer.from(env.PAGE_CSRF_KEY, 'base64');
  return createHmac('sha256', Buffer.from(env.CODE_HASH_KEY, 'base64')).update('client-gate page CSRF key').digest();
}
