import { readEnv } from '@client-gate/platform';
import { randomBytes } from 'node:crypto';
import { notificationsEnvSchema } from './config';

const production = {
  NODE_ENV: 'production',
  KAFKA_BROKERS: 'kafka:9092',
  DATABASE_URL: 'postgres://notifications@db/notifications',
  STAFF_TOKEN_SECRET: randomBytes(32).toString('base64url'),
  SMTP_URL: 'smtp://mail:25',
  CODE_SEALING_KEYS: `k1:${randomBytes(32).toString('base64')}`,
};

describe('notifications settings in production: no development sealing key (SPEC §8)', () => {
  it('starts with keys of its own', () => {
    expect(readEnv(notificationsEnvSchema, production).NODE_ENV).toBe('production');
  });

  it.each([
    ['the old docker-compose default', 'dev-1:ZGV2ZWxvcG1lbnQtb25seS1zZWFsaW5nLWtleS0zMmI='],
    ['a key npm start generated', `development-only-1:${randomBytes(32).toString('base64')}`],
  ])('refuses %s as CODE_SEALING_KEYS, naming it', (_case, keyring) => {
    expect(() => readEnv(notificationsEnvSchema, { ...production, CODE_SEALING_KEYS: keyring })).toThrow(
      'CODE_SEALING_KEYS is invalid: a development or published value',
    );
  });
});

describe('notifications settings: SMTP connections of the courier', () => {
  it('keeps 16 open unless told otherwise', () => {
    expect(readEnv(notificationsEnvSchema, production).SMTP_MAX_CONNECTIONS).toBe(16);
    expect(readEnv(notificationsEnvSchema, { ...production, SMTP_MAX_CONNECTIONS: '4' }).SMTP_MAX_CONNECTIONS).toBe(4);
  });

  it.each(['0', 'many', '1000'])('refuses SMTP_MAX_CONNECTIONS=%s, naming it', (value) => {
    expect(() => readEnv(notificationsEnvSchema, { ...production, SMTP_MAX_CONNECTIONS: value })).toThrow('SMTP_MAX_CONNECTIONS');
  });
});
