import { readEnv } from '@client-gate/platform';
import { randomBytes } from 'node:crypto';
import { activationEnvSchema } from './config';

const key = () => randomBytes(32).toString('base64');
const env = {
  KAFKA_BROKERS: 'localhost:9092',
  DATABASE_URL: 'postgres://localhost/activation',
  STAFF_TOKEN_SECRET: 'x'.repeat(32),
  CODE_HASH_KEY: key(),
  CODE_SEALING_KEYS: `k1:${key()}`,
};

describe('second-factor settings (R22)', () => {
  it('SECOND_FACTOR is required by default, may be optional, and names itself when it is anything else', () => {
    expect(readEnv(activationEnvSchema, env).SECOND_FACTOR).toBe('required');
    expect(readEnv(activationEnvSchema, { ...env, SECOND_FACTOR: 'optional' }).SECOND_FACTOR).toBe('optional');
    expect(() => readEnv(activationEnvSchema, { ...env, SECOND_FACTOR: 'off' })).toThrow('SECOND_FACTOR');
  });

  it('FACTOR_SEALING_KEYS is required in production and must be a keyring of 32-byte keys', () => {
    const production = { ...env, NODE_ENV: 'production', PAGE_CSRF_KEY: key() };
    expect(() => readEnv(activationEnvSchema, production)).toThrow('FACTOR_SEALING_KEYS is required');
    expect(readEnv(activationEnvSchema, { ...production, FACTOR_SEALING_KEYS: `f1:${key()}` }).FACTOR_SEALING_KEYS).toMatch(/^f1:/);
    expect(() => readEnv(activationEnvSchema, { ...env, FACTOR_SEALING_KEYS: 'f1:c2hvcnQ=' })).toThrow('FACTOR_SEALING_KEYS');
  });
});
