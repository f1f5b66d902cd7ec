import { readEnv } from '@client-gate/platform';
import { randomBytes } from 'node:crypto';
import { activationEnvSchema, relyingParty } from './config';

const key = () => randomBytes(32).toString('base64');
const production = {
  NODE_ENV: 'production',
  KAFKA_BROKERS: 'kafka:9092',
  DATABASE_URL: 'postgres://activation@db/activation',
  STAFF_TOKEN_SECRET: randomBytes(32).toString('base64url'),
  CODE_HASH_KEY: key(),
  CODE_SEALING_KEYS: `k1:${key()}`,
  PAGE_CSRF_KEY: key(),
  FACTOR_SEALING_KEYS: `f1:${key()}`,
  WEBAUTHN_ORIGIN: 'https://ugyfelkapu.example.hu',
};
const development = { ...production, NODE_ENV: 'development', PAGE_CSRF_KEY: undefined, FACTOR_SEALING_KEYS: undefined, WEBAUTHN_ORIGIN: undefined };

describe('activation settings in production: no development secret, no short key (SPEC §8)', () => {
  it('starts with keys of its own', () => {
    expect(readEnv(activationEnvSchema, production).NODE_ENV).toBe('production');
  });

  it.each([
    ['CODE_HASH_KEY', 'ZGV2ZWxvcG1lbnQtb25seS1jb2RlLWhhc2gta2V5LTMyYg=='],
    ['CODE_SEALING_KEYS', 'dev-1:ZGV2ZWxvcG1lbnQtb25seS1zZWFsaW5nLWtleS0zMmI='],
    ['PAGE_CSRF_KEY', 'ZGV2ZWxvcG1lbnQtb25seS1wYWdlLWNzcmYta2V5LTMyYg=='],
    ['FACTOR_SEALING_KEYS', 'dev-1:ZGV2ZWxvcG1lbnQtb25seS1mYWN0b3Ita2V5LTMyYmI='],
    ['STAFF_TOKEN_SECRET', 'change-me-staff-token-secret-of-32-chars'],
  ])('refuses the published development value of %s, naming it', (name, value) => {
    expect(() => readEnv(activationEnvSchema, { ...production, [name]: value })).toThrow(`${name} is invalid: a development or published value`);
    expect(() => readEnv(activationEnvSchema, { ...production, NODE_ENV: 'development', [name]: value })).not.toThrow();
  });
});

describe('second-factor settings (R22)', () => {
  it('SECOND_FACTOR is required by default, may be optional, and names itself when it is anything else', () => {
    expect(readEnv(activationEnvSchema, development).SECOND_FACTOR).toBe('required');
    expect(readEnv(activationEnvSchema, { ...development, SECOND_FACTOR: 'optional' }).SECOND_FACTOR).toBe('optional');
    expect(() => readEnv(activationEnvSchema, { ...development, SECOND_FACTOR: 'off' })).toThrow('SECOND_FACTOR');
  });

  it('FACTOR_SEALING_KEYS is required in production (derived elsewhere) and must be a keyring of 32-byte keys', () => {
    expect(() => readEnv(activationEnvSchema, { ...production, FACTOR_SEALING_KEYS: undefined })).toThrow('FACTOR_SEALING_KEYS is required');
    expect(readEnv(activationEnvSchema, development).FACTOR_SEALING_KEYS).toBeUndefined();
    expect(() => readEnv(activationEnvSchema, { ...development, FACTOR_SEALING_KEYS: 'f1:c2hvcnQ=' })).toThrow('FACTOR_SEALING_KEYS');
  });
});

describe('per-address back-off exemption (SPEC §8, R26)', () => {
  it('exempts no address unless told, and refuses an exemption in production, naming the setting', () => {
    expect(readEnv(activationEnvSchema, development).LOGIN_BACKOFF_EXEMPT_ADDRESSES).toEqual([]);
    expect(readEnv(activationEnvSchema, production).LOGIN_BACKOFF_EXEMPT_ADDRESSES).toEqual([]);
    expect(readEnv(activationEnvSchema, { ...development, LOGIN_BACKOFF_EXEMPT_ADDRESSES: '127.0.0.1, ::1' }).LOGIN_BACKOFF_EXEMPT_ADDRESSES).toEqual(['127.0.0.1', '::1']);
    expect(() => readEnv(activationEnvSchema, { ...production, LOGIN_BACKOFF_EXEMPT_ADDRESSES: '127.0.0.1' })).toThrow('LOGIN_BACKOFF_EXEMPT_ADDRESSES');
  });
});

describe('passkeys\' relying party (R27)', () => {
  it('is required in production, and outside it is localhost on the service\'s port', () => {
    expect(() => readEnv(activationEnvSchema, { ...production, WEBAUTHN_ORIGIN: undefined })).toThrow('WEBAUTHN_ORIGIN is required');
    expect(relyingParty(readEnv(activationEnvSchema, { ...development, PORT: '3303' }))).toEqual({ origin: 'http://localhost:3303', rpID: 'localhost' });
    expect(relyingParty(readEnv(activationEnvSchema, production))).toEqual({ origin: 'https://ugyfelkapu.example.hu', rpID: 'ugyfelkapu.example.hu' });
  });

  it('takes an https origin (http only for localhost) and an RP ID that the origin\'s host belongs to, naming the setting otherwise', () => {
    expect(() => readEnv(activationEnvSchema, { ...production, WEBAUTHN_ORIGIN: 'http://ugyfelkapu.example.hu' })).toThrow('WEBAUTHN_ORIGIN');
    expect(() => readEnv(activationEnvSchema, { ...production, WEBAUTHN_ORIGIN: 'https://ugyfelkapu.example.hu/login' })).toThrow('WEBAUTHN_ORIGIN');
    expect(relyingParty(readEnv(activationEnvSchema, { ...production, WEBAUTHN_RP_ID: 'example.hu' })).rpID).toBe('example.hu');
    expect(() => readEnv(activationEnvSchema, { ...production, WEBAUTHN_RP_ID: 'other.example' })).toThrow('WEBAUTHN_RP_ID');
    expect(() => readEnv(activationEnvSchema, { ...production, WEBAUTHN_RP_ID: 'ple.hu' })).toThrow('WEBAUTHN_RP_ID');
  });
});
