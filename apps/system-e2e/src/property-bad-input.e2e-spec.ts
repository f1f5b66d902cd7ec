import { encodeEvent, GatewayRegistered, Topic } from '@client-gate/contracts';
import { kafkaFor } from '@client-gate/tools/ops/kafka-ops';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { hungarianPassport, newPerson } from './support/fixtures';
import { call, portalToken, ServiceName, staffToken } from './support/http';
import { waitFor } from './support/wait-for';

/**
 * SPEC §3, §9: whatever arrives — any JSON, near-valid bodies, odd ids — the answer is a 4xx (or a
 * success), never a 5xx, and every consumer survives any record on its topic.
 */
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 250);

const validApplication = () => ({
  appointmentId: randomUUID(),
  kind: 'register',
  ...newPerson(),
  citizenship: 'HU',
  document: hungarianPassport,
  locale: 'hu',
});

/** The characters of strings: any, and those no database or UTF-8 can hold (U+0000, unpaired surrogates). */
const character = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff'), weight: 1 },
);
const anyText = fc.string({ unit: character });
const anyJson = fc.jsonValue({ stringUnit: character });

/** The paths of the string fields of a body, nested ones included. */
function textPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => textPaths(inner, [...path, key]));
}

function withValueAt(base: unknown, [key, ...rest]: string[], value: unknown): unknown {
  if (key === undefined) return value;
  const object = base as Record<string, unknown>;
  return { ...object, [key]: withValueAt(object[key], rest, value) };
}

/** Valid-looking bodies with one field replaced by anything: the inputs most likely to slip past validation. */
function mutated(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  return fc.oneof(
    fc.jsonValue(),
    fc.tuple(fc.constantFrom(...keys), anyJson).map(([key, value]) => ({ ...base, [key]: value })),
    fc.tuple(fc.constantFrom(...textPaths(base)), anyText).map(([path, text]) => withValueAt(base, path, text)),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))),
    fc.string().map((text) => `{"${text}`),
  );
}

const endpoints: { service: ServiceName; method: string; path: fc.Arbitrary<string>; body: fc.Arbitrary<unknown>; token?: () => string }[] = [
  { service: 'intake', method: 'POST', path: fc.constant('/appointments'), token: () => staffToken(), body: mutated({ channel: 'phone', contact: '+36 1 234 5678', applicantName: 'A', startsAt: new Date().toISOString() }) },
  { service: 'intake', method: 'POST', path: fc.constant('/applications'), token: () => staffToken(), body: mutated(validApplication()) },
  { service: 'intake', method: 'GET', path: fc.string().map((id) => `/applications/${encodeURIComponent(id)}`), token: () => staffToken(), body: fc.constant(undefined) },
  { service: 'registry', method: 'GET', path: fc.string().map((id) => `/gateways/${encodeURIComponent(id)}`), token: () => staffToken(), body: fc.constant(undefined) },
  { service: 'registry', method: 'POST', path: fc.constant('/temporary-registrations'), token: () => portalToken(), body: mutated({ person: newPerson().person, email: 'x@example.org' }) },
  { service: 'registry', method: 'DELETE', path: fc.string().map((id) => `/temporary-registrations/${encodeURIComponent(id)}`), token: () => portalToken(), body: fc.constant(undefined) },
  { service: 'activation', method: 'POST', path: fc.constant('/activation'), body: mutated({ code: 'ABCD-EFGH-JKMN-PQRS', username: 'someone', password: 'long enough passphrase', passwordValidityDays: 30 }) },
  { service: 'activation', method: 'POST', path: fc.constant('/login'), body: mutated({ username: 'someone', password: 'long enough passphrase' }) },
  { service: 'activation', method: 'POST', path: fc.constant('/forgotten-password'), body: mutated({ email: 'x@example.org' }) },
  { service: 'activation', method: 'POST', path: fc.constant('/password-reset'), body: mutated({ code: 'ABCD-EFGH-JKMN-PQRS', password: 'long enough passphrase' }) },
];

describe('property: no input makes a service answer 5xx (SPEC §3)', () => {
  it.each(endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.service}`, endpoint] as const))('%s', async (_, endpoint) => {
    await fc.assert(
      fc.asyncProperty(endpoint.path, endpoint.body, async (path, body) => {
        const response = await call(endpoint.service, endpoint.method, path, { token: endpoint.token?.(), body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.body.errors?.[0]?.code).toEqual(expect.any(String));
      }),
      { numRuns: RUNS },
    );
  }, 180_000);
});

describe('property: every consumer survives any record on its topics (SPEC §9)', () => {
  it('arbitrary keys, headers and values never stop a consumer; a valid event behind them is applied', async () => {
    const kafka = kafkaFor(e2eEnvironment().kafkaBrokers.split(','));
    const producer = kafka.producer();
    await producer.connect();
    const key = randomUUID();
    const ceHeaders = fc.record({
      ce_id: fc.oneof(fc.uuid(), fc.string()),
      ce_type: fc.constantFrom(GatewayRegistered.type, 'registry.gateway.modified', 'registry.gateway.deleted', 'x', ''),
      ce_source: fc.string(),
      ce_specversion: fc.constantFrom('1.0', '0.3', ''),
    }, { requiredKeys: [] });
    const records = fc.sample(fc.record({ headers: ceHeaders, value: fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string()) }), RUNS);
    // One key, so every record lands on the same partition as the valid event sent last.
    await producer.send({ topic: Topic.RegistryGateway, messages: records.map(({ headers, value }) => ({ key, value, headers: headers as Record<string, string> })) });
    const gatewayId = randomUUID();
    const valid = encodeEvent(GatewayRegistered, { gatewayId, consulate: 'HU-KYIV', familyName: 'Survivor', givenNames: 'Test', email: 'survivor@example.org', locale: 'en', reminders: { enabled: false, documents: [] }, registeredAt: new Date().toISOString() }, { source: 'test' });
    await producer.send({ topic: Topic.RegistryGateway, messages: [{ ...valid, key }] });
    await producer.disconnect();
    await waitFor('activation to apply the valid event behind the noise', async () => {
      const rows = await query('activation', 'SELECT 1 FROM account WHERE gateway_id = $1', [gatewayId]);
      return rows.length ? true : undefined;
    }, 120_000);
    await waitFor('notifications to get past the noise too', async () => {
      const rows = await query('notifications', 'SELECT 1 FROM processed_event WHERE event_id = $1', [valid.headers['ce_id']]);
      return rows.length ? true : undefined;
    }, 120_000);
  }, 180_000);
});
