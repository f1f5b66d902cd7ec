import { readEnv } from '@client-gate/platform';
import { randomBytes } from 'node:crypto';
import { activationEnvSchema } from '../config';
import { pageCsrfKey } from './page-csrf-key';

const CODE_HASH_KEY = randomBytes(32).toString('base64');

describe('pageCsrfKey', () => {
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
