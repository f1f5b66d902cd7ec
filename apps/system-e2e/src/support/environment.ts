import type { DevSecrets } from '@client-gate/tools/system/secrets';
import type { ServiceName, ServiceRuntime } from '@client-gate/tools/system/services';

export const E2E_ENV = 'CLIENT_GATE_E2E';

/** What the global setup started, handed to the test files through the environment. */
export interface E2eEnvironment {
  kafkaBrokers: string;
  mailApiUrl: string;
  secrets: DevSecrets;
  urls: Record<ServiceName, string>;
  databases: Record<ServiceName, string>;
  serviceEnv: Record<ServiceName, NodeJS.ProcessEnv>;
  /** The officers' desk (R25) and the development identity provider it signs them in through. */
  deskUrl: string;
  /** The desk's environment (to start more instances of it), its database (sessions), and its access tokens' life. */
  deskEnv: NodeJS.ProcessEnv;
  deskDatabase: string;
  deskAccessTokenTtlSeconds: number;
  identityProvider: { issuer: string; audience: string };
  /** How the services run (compiled), for tests that start more instances. */
  runtime: ServiceRuntime;
  /** Where each service's JSON log goes: `<logDir>/<service>.log`. */
  logDir: string;
}

export function e2eEnvironment(): E2eEnvironment {
  const raw = process.env[E2E_ENV];
  if (!raw) throw new Error(`${E2E_ENV} is not set: run the suite through its jest config (global setup)`);
  return JSON.parse(raw) as E2eEnvironment;
}
