import { readEnv } from '@client-gate/platform';
import { randomBytes } from 'node:crypto';
import { activationEnvSchema } from '../config';
import { CsrfTokens, pageCsrfKey } from './csrf';

const CODE_HASH_KEY = randomBytes(32).toString('base64');

describe('CsrfTokens (SPEC §8: CSRF tokens on every form)', () => {
  const tokens = new CsrfTokens(pageCsrfKey({ CODE_HASH_KEY, PAGE_CSRF_KEY: undefined }));

  it('SPEC §8: a form token matches the nonce of the cookie it was made for', () => {
    const nonce = tokens.newNonce();
    expect(tokens.isNonce(nonce)).toBe(true);
    expect(tokens.matches(nonce, tokens.tokenFor(nonce))).toBe(true);
  });

  it('SPEC §8: refuses a missing cookie or token, another nonce\'s token, a forged or malformed one', () => {
    const nonce = tokens.newNonce();
    const token = tokens.tokenFor(nonce);
    expect(tokens.matches(undefined, token)).toBe(false);
    expect(tokens.matches(nonce, undefined)).toBe(false);
    expect(tokens.matches(nonce, ['a', 'b'])).toBe(false);
    expect(tokens.matches(tokens.newNonce(), token)).toBe(false);
    expect(tokens.matches(nonce, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(tokens.matches(nonce, token.slice(1))).toBe(false);
    expect(tokens.matches('short', tokens.tokenFor('short'))).toBe(false);
  });

  it('SPEC §8: a token signed with another key does not match (an attacker cannot sign a planted cookie)', () => {
    const other = new CsrfTokens(randomBytes(32));
    const nonce = tokens.newNonce();
    expect(tokens.matches(nonce, other.tokenFor(nonce))).toBe(false);
  });

  it('PAGE_CSRF_KEY is the key when set; otherwise one derived from CODE_HASH_KEY, never equal to it', () => {
    const pageKey = randomBytes(32);
    expect(pageCsrfKey({ CODE_HASH_KEY, PAGE_CSRF_KEY: pageKey.toString('base64') })).toEqual(pageKey);
    const derived = pageCsrfKey({ CODE_HASH_KEY, PAGE_CSRF_KEY: undefined });
    expect(derived).toHaveLength(32);
    expect(derived).not.toEqual(Buffer.from(CODE_HASH_KEY, 'base64'));
    expect(pageCsrfKey({ CODE_HASH_KEY, PAGE_CSRF_KEY: undefined })).toEqual(derived);
  });
});

describe('PAGE_CSRF_KEY setting', () => {
  const env = {
    KAFKA_BROKERS: 'localhost:9092',
    DATABASE_URL: 'postgres://localhost/activation',
    STAFF_TOKEN_SECRET: 'x'.repeat(32),
    CODE_HASH_KEY,
    CODE_SEALING_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  };

  it('is required in production, and named when missing', () => {
    expect(() => readEnv(activationEnvSchema, { ...env, NODE_ENV: 'production', WEBAUTHN_ORIGIN: 'https://ugyfelkapu.example.hu' })).toThrow('PAGE_CSRF_KEY is required');
    const key = randomBytes(32).toString('base64');
    const production = { ...env, NODE_ENV: 'production', FACTOR_SEALING_KEYS: `f1:${randomBytes(32).toString('base64')}`, WEBAUTHN_ORIGIN: 'https://ugyfelkapu.example.hu' };
    expect(readEnv(activationEnvSchema, { ...production, PAGE_CSRF_KEY: key }).PAGE_CSRF_KEY).toBe(key);
  });

  it('is optional elsewhere, and refused when shorter than 32 bytes', () => {
    expect(readEnv(activationEnvSchema, env).PAGE_CSRF_KEY).toBeUndefined();
    expect(() => readEnv(activationEnvSchema, { ...env, PAGE_CSRF_KEY: 'c2hvcnQ=' })).toThrow('PAGE_CSRF_KEY is invalid');
  });
});
