import { ConfigError, readEnv } from '@client-gate/platform';
import { deskEnvSchema } from './config';

const minimal = {
  DESK_PUBLIC_URL: 'http://localhost:3000',
  DESK_SESSION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/client_gate_desk',
  OIDC_ISSUER: 'http://localhost:3005',
  OIDC_CLIENT_ID: 'client-gate-desk',
  OIDC_CLIENT_SECRET: 'secret',
  INTAKE_URL: 'http://127.0.0.1:3001',
  REGISTRY_URL: 'http://127.0.0.1:3002',
  PUBLIC_ACTIVATION_URL: 'http://localhost:3003',
};

function problem(env: NodeJS.ProcessEnv): string {
  try {
    readEnv(deskEnvSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the desk\'s configuration (a misconfigured desk stops, naming the variable)', () => {
  it('applies the defaults: port 3000, the consulates\' time zones, the provider\'s claims', () => {
    expect(readEnv(deskEnvSchema, minimal)).toMatchObject({
      PORT: 3000,
      CONSULATE_TIME_ZONES: { 'HU-KYIV': 'Europe/Kyiv', 'HU-WARSAW': 'Europe/Warsaw' },
      OIDC_OFFICER_CLAIM: 'sub',
      OIDC_CONSULATE_CLAIM: 'consulate',
      OIDC_NAME_CLAIM: 'name',
      OIDC_AUDIENCE: 'urn:client-gate:staff-api',
    });
  });

  it.each(['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'DESK_PUBLIC_URL', 'DESK_SESSION_KEY', 'DATABASE_URL', 'INTAKE_URL', 'REGISTRY_URL', 'PUBLIC_ACTIVATION_URL'])(
    'names %s when it is missing',
    (name) => {
      const env: NodeJS.ProcessEnv = { ...minimal };
      delete env[name];
      expect(problem(env)).toContain(`${name} is required`);
    },
  );

  it('refuses an unknown time zone, a short session key, and plain http in production', () => {
    expect(problem({ ...minimal, CONSULATE_TIME_ZONES: 'HU-KYIV=Europe/Kiev-ish' })).toContain('CONSULATE_TIME_ZONES is invalid');
    expect(problem({ ...minimal, DESK_SESSION_KEY: Buffer.alloc(16).toString('base64') })).toContain('DESK_SESSION_KEY is invalid');
    const production = problem({ ...minimal, NODE_ENV: 'production' });
    expect(production).toContain('OIDC_ISSUER is invalid: must be https in production');
    expect(production).toContain('DESK_PUBLIC_URL is invalid');
  });
});
