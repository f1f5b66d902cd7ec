import { createServer } from 'node:http';
import { z } from 'zod';
import { readEnv } from '@client-gate/platform/env';
import { createDevProvider } from './provider';

const list = z.string().transform((value) => value.split(',').filter(Boolean));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3005),
  OIDC_ISSUER: z.url(),
  OIDC_AUDIENCE: z.string().min(1),
  OIDC_DEV_CLIENT_ID: z.string().min(1),
  OIDC_DEV_CLIENT_SECRET: z.string().min(32),
  OIDC_DEV_REDIRECT_URIS: list,
  OIDC_DEV_POST_LOGOUT_REDIRECT_URIS: list,
  OIDC_DEV_SIGNING_KEY: z.string().transform((value) => JSON.parse(value)),
  OIDC_DEV_COOKIE_KEY: z.string().min(32),
  OIDC_DEV_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
});

/** The development identity provider as its own process (tools/system starts it); NODE_ENV=production is refused. */
function main() {
  let env: z.infer<typeof envSchema>;
  try {
    env = readEnv(envSchema);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const handle = createDevProvider({
    issuer: env.OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE,
    clientId: env.OIDC_DEV_CLIENT_ID,
    clientSecret: env.OIDC_DEV_CLIENT_SECRET,
    redirectUris: env.OIDC_DEV_REDIRECT_URIS,
    postLogoutRedirectUris: env.OIDC_DEV_POST_LOGOUT_REDIRECT_URIS,
    signingKey: env.OIDC_DEV_SIGNING_KEY,
    cookieKey: env.OIDC_DEV_COOKIE_KEY,
    accessTokenTtlSeconds: env.OIDC_DEV_ACCESS_TOKEN_TTL_SECONDS,
  });
  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'request failed', err: error.message })}\n`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // No host: both IPv4 and IPv6, since browsers and Node may resolve `localhost` to either.
  server.listen(env.PORT, () => process.stdout.write(`${JSON.stringify({ level: 'info', msg: `development identity provider at ${env.OIDC_ISSUER}` })}\n`));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
}

main();
