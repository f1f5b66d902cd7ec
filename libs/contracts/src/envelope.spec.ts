import { definitionOf, eventCatalogue } from './catalogue';
import { decodeEvent, encodeEvent, EventRecord, MalformedEventError, RawHeaders } from './envelope';
import { EventDefinition } from './event-definition';
import { ApplicationDecided } from './events/application-decided/application-decided.event';
import { ApplicationSubmitted } from './events/application-submitted/application-submitted.event';
import { AuditRecorded } from './events/audit-recorded/audit-recorded.event';
import { CodeIssued } from './events/code-issued/code-issued.event';
import { GatewayRegistered } from './events/gateway-registered/gateway-registered.event';
import { Topic } from './topics';

const GATEWAY_ID = '3f1c1e0a-8c2d-4b7e-9a51-0d6f2b9c4e11';
const APPLICATION_ID = '9b2d4c6e-1a3f-4e5d-8c7b-6a5f4e3d2c1b';
const NOTIFICATION_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const EVENT_ID = '5e8f0c1d-2b3a-4c5d-9e6f-7a8b9c0d1e2f';
const EVENT_TIME = new Date('2026-03-01T09:30:15.250Z');

const gatewayRegistered = {
  gatewayId: GATEWAY_ID,
  consulate: 'HU-LON',
  familyName: 'Kovács',
  givenNames: 'Éva',
  email: 'eva.kovacs@example.hu',
  locale: 'hu' as const,
  reminders: { enabled: true, documents: [{ type: 'passport' as const, number: 'BA1234567', expiresOn: '2030-05-01' }] },
  registeredAt: '2026-03-01T09:30:00.000Z',
};

const applicationSubmitted = {
  applicationId: APPLICATION_ID,
  kind: 'register' as const,
  consulate: 'LON',
  officerId: 'officer-7',
  person: {
    familyName: 'Kovács',
    givenNames: 'Éva',
    dateOfBirth: '1985-04-12',
    placeOfBirth: 'Debrecen',
    mothersBirthName: 'Szabó Ilona',
  },
  citizenship: 'HU',
  document: { type: 'passport' as const, number: 'BA1234567', issuingCountry: 'HU', issuedOn: '2020-05-01', expiresOn: '2030-05-01' },
  email: 'eva.kovacs@example.hu',
  locale: 'en' as const,
  submittedAt: '2026-03-01T09:29:00.000Z',
};

const applicationDecided = {
  applicationId: APPLICATION_ID,
  outcome: 'rejected' as const,
  reasons: [{ code: 'GATEWAY_ALREADY_EXISTS', message: 'This person already has a Client Gate account (R1).' }],
  decidedAt: '2026-03-01T09:31:00.000Z',
};

const codeIssued = {
  gatewayId: GATEWAY_ID,
  notificationId: NOTIFICATION_ID,
  purpose: 'activation' as const,
  sealedCode: { keyId: 'k1', iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' },
  expiresAt: '2026-03-06T09:30:00.000Z',
  email: 'eva.kovacs@example.hu',
  locale: 'uk' as const,
};

const auditRecorded = {
  service: 'registry',
  actor: 'officer-7',
  action: 'gateway.registered',
  subject: GATEWAY_ID,
  time: '2026-03-01T09:30:00.000Z',
};

/** [definition, valid data, the aggregate id that must key the record] */
const samples: [string, EventDefinition, Record<string, unknown>, string][] = [
  ['GatewayRegistered', GatewayRegistered, gatewayRegistered, GATEWAY_ID],
  ['ApplicationSubmitted', ApplicationSubmitted, applicationSubmitted, APPLICATION_ID],
  ['ApplicationDecided', ApplicationDecided, applicationDecided, APPLICATION_ID],
  ['CodeIssued', CodeIssued, codeIssued, GATEWAY_ID],
  ['AuditRecorded', AuditRecorded, auditRecorded, GATEWAY_ID],
];

function encodeSample(overrides: Partial<{ traceparent: string; id: string; time: Date }> = {}): EventRecord {
  return encodeEvent(GatewayRegistered, gatewayRegistered, {
    source: 'registry',
    id: EVENT_ID,
    time: EVENT_TIME,
    traceparent: TRACEPARENT,
    ...overrides,
  });
}

/** What kafkajs hands a consumer: header values and the value as Buffers. */
function asKafkaDelivers(record: EventRecord): { headers: RawHeaders; value: Buffer } {
  const headers: RawHeaders = {};
  for (const [name, value] of Object.entries(record.headers)) headers[name] = Buffer.from(value, 'utf8');
  return { headers, value: Buffer.from(record.value, 'utf8') };
}

function malformedMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error as Error).name).toBe('MalformedEventError');
    return (error as Error).message;
  }
  throw new Error('expected a MalformedEventError, nothing was thrown');
}

describe('encodeEvent (SPEC §5: CloudEvents 1.0 Kafka binding, binary mode)', () => {
  it('writes the ce_* headers, content-type and traceparent', () => {
    const record = encodeSample();
    expect(record.headers).toMatchObject({
      ce_id: EVENT_ID,
      ce_source: 'registry',
      ce_type: 'registry.gateway.registered',
      ce_specversion: '1.0',
      ce_time: '2026-03-01T09:30:15.250Z',
      ce_subject: GATEWAY_ID,
      'content-type': 'application/json',
      traceparent: TRACEPARENT,
    });
  });

  it('only carries string header values (Kafka headers are strings or bytes)', () => {
    for (const value of Object.values(encodeSample().headers)) expect(typeof value).toBe('string');
  });

  it('omits traceparent when none is given', () => {
    const record = encodeEvent(GatewayRegistered, gatewayRegistered, { source: 'registry' });
    expect(record.headers).not.toHaveProperty('traceparent');
  });

  it('defaults ce_id to a fresh UUID and ce_time to now', () => {
    const before = Date.now();
    const first = encodeEvent(GatewayRegistered, gatewayRegistered, { source: 'registry' });
    const second = encodeEvent(GatewayRegistered, gatewayRegistered, { source: 'registry' });
    const after = Date.now();
    expect(first.headers['ce_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(first.headers['ce_id']).not.toBe(second.headers['ce_id']);
    const time = Date.parse(first.headers['ce_time']);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });

  it.each(samples)('%s: the key and ce_subject are the aggregate id so one aggregate stays in order', (_name, definition, data, aggregateId) => {
    const record = encodeEvent(definition, data, { source: 'test' });
    expect(record.key).toBe(aggregateId);
    expect(record.headers['ce_subject']).toBe(aggregateId);
    expect(record.headers['ce_type']).toBe(definition.type);
  });

  it.each(samples)('%s: the value is the data as JSON', (_name, definition, data) => {
    const record = encodeEvent(definition, data, { source: 'test' });
    expect(typeof record.value).toBe('string');
    expect(JSON.parse(record.value)).toEqual(data);
  });

  it('writes only the fields of the contract into the value (unknown fields are dropped)', () => {
    const record = encodeEvent(GatewayRegistered, { ...gatewayRegistered, password: 'hunter2hunter2' } as typeof gatewayRegistered, {
      source: 'registry',
    });
    expect(record.value).not.toContain('hunter2');
    expect(JSON.parse(record.value)).toEqual(gatewayRegistered);
  });

  it.each([
    ['gatewayId is not a UUID', { ...gatewayRegistered, gatewayId: 'gw-1' }],
    ['email is not an email address', { ...gatewayRegistered, email: 'not-an-email' }],
    ['locale is not hu/en/uk', { ...gatewayRegistered, locale: 'de' }],
    ['registeredAt is missing', { ...gatewayRegistered, registeredAt: undefined }],
    ['reminders are missing', { ...gatewayRegistered, reminders: undefined }],
  ])('refuses data that breaks the schema: %s', (_case, data) => {
    expect(() => encodeEvent(GatewayRegistered, data as typeof gatewayRegistered, { source: 'registry' })).toThrow();
  });
});

describe('decodeEvent (SPEC §5, §9)', () => {
  it.each(samples)('%s: round trip from Buffers, as Kafka delivers them', (_name, definition, data, aggregateId) => {
    const record = encodeEvent(definition, data, { source: 'svc', id: EVENT_ID, time: EVENT_TIME, traceparent: TRACEPARENT });
    const { headers, value } = asKafkaDelivers(record);
    expect(decodeEvent(headers, value)).toEqual({
      id: EVENT_ID,
      type: definition.type,
      source: 'svc',
      subject: aggregateId,
      time: EVENT_TIME.toISOString(),
      traceparent: TRACEPARENT,
      data,
    });
  });

  it('accepts string headers and a string value as well', () => {
    const record = encodeSample();
    expect(decodeEvent(record.headers, record.value).data).toEqual(gatewayRegistered);
  });

  it('reads the first value of a repeated header', () => {
    const record = encodeSample();
    const { headers, value } = asKafkaDelivers(record);
    headers['ce_type'] = [Buffer.from(GatewayRegistered.type), Buffer.from('something.else')];
    expect(decodeEvent(headers, value).type).toBe(GatewayRegistered.type);
  });

  it('has no traceparent when the record carried none', () => {
    const record = encodeEvent(GatewayRegistered, gatewayRegistered, { source: 'registry' });
    const { headers, value } = asKafkaDelivers(record);
    expect(decodeEvent(headers, value).traceparent).toBeUndefined();
  });

  it.each(['ce_id', 'ce_type', 'ce_source', 'ce_specversion'])('throws MalformedEventError when header %s is missing', (name) => {
    const { headers, value } = asKafkaDelivers(encodeSample());
    delete headers[name];
    expect(malformedMessage(() => decodeEvent(headers, value))).toMatch(/missing CloudEvents headers/);
  });

  it.each([
    ['undefined', undefined],
    ['empty', {}],
  ])('throws MalformedEventError when the headers are %s', (_case, headers) => {
    const { value } = asKafkaDelivers(encodeSample());
    expect(malformedMessage(() => decodeEvent(headers, value))).toMatch(/missing CloudEvents headers/);
  });

  it.each(['0.3', '1', '2.0', ''])('throws MalformedEventError when ce_specversion is %p', (specversion) => {
    const { headers, value } = asKafkaDelivers(encodeSample());
    headers['ce_specversion'] = Buffer.from(specversion);
    expect(malformedMessage(() => decodeEvent(headers, value))).toMatch(/ce_specversion=1\.0/);
  });

  it.each(['not-a-uuid', '42', '5e8f0c1d-2b3a-4c5d-9e6f-7a8b9c0d1e2', `${EVENT_ID} `])('throws MalformedEventError when ce_id is %p, not a UUID', (id) => {
    const { headers, value } = asKafkaDelivers(encodeSample());
    headers['ce_id'] = Buffer.from(id);
    expect(malformedMessage(() => decodeEvent(headers, value))).toBe('ce_id is not a UUID');
  });

  it.each(['yesterday', '2026-03-01', '2026-03-01T09:30:15'])('throws MalformedEventError when ce_time is %p, not an RFC 3339 time', (time) => {
    const { headers, value } = asKafkaDelivers(encodeSample());
    headers['ce_time'] = Buffer.from(time);
    expect(malformedMessage(() => decodeEvent(headers, value))).toBe('ce_time is not an RFC 3339 time');
  });

  it('throws MalformedEventError naming an unknown ce_type', () => {
    const { headers, value } = asKafkaDelivers(encodeSample());
    headers['ce_type'] = Buffer.from('registry.gateway.exploded');
    expect(malformedMessage(() => decodeEvent(headers, value))).toBe('unknown event type registry.gateway.exploded');
  });

  it.each([
    ['not JSON', Buffer.from('{"gatewayId": ')],
    ['plain text', 'hello'],
    ['empty', Buffer.alloc(0)],
    ['null (a tombstone)', null],
    ['missing', undefined],
  ])('throws MalformedEventError when the value is %s', (_case, value) => {
    const { headers } = asKafkaDelivers(encodeSample());
    expect(malformedMessage(() => decodeEvent(headers, value))).toBe('value is not JSON');
  });

  it.each([
    ['gatewayId', { ...gatewayRegistered, gatewayId: 'not-a-uuid' }],
    ['email', { ...gatewayRegistered, email: 'nobody' }],
    ['locale', { ...gatewayRegistered, locale: 'fr' }],
    ['registeredAt', { ...gatewayRegistered, registeredAt: undefined }],
    ['reminders.documents.0.type', { ...gatewayRegistered, reminders: { enabled: true, documents: [{ type: 'visa', number: 'X', expiresOn: '2030-01-01' }] } }],
  ])('throws MalformedEventError naming the field %s when the value breaks the schema', (field, data) => {
    const { headers } = asKafkaDelivers(encodeSample());
    const message = malformedMessage(() => decodeEvent(headers, Buffer.from(JSON.stringify(data))));
    expect(message).toContain('registry.gateway.registered does not match its contract');
    expect(message).toContain(`${field}:`);
  });

  it('throws MalformedEventError when the JSON value is not an object', () => {
    const { headers } = asKafkaDelivers(encodeSample());
    expect(malformedMessage(() => decodeEvent(headers, Buffer.from('[1,2,3]')))).toMatch(/does not match its contract/);
  });

  it('checks the value against the contract of the type in ce_type, not of the data', () => {
    const { headers } = asKafkaDelivers(encodeSample());
    headers['ce_type'] = Buffer.from(ApplicationDecided.type);
    expect(malformedMessage(() => decodeEvent(headers, Buffer.from(JSON.stringify(gatewayRegistered))))).toMatch(
      /registry\.application\.decided does not match its contract: .*applicationId/,
    );
  });
});

describe('event catalogue (SPEC §5)', () => {
  it('finds every catalogued definition by its type', () => {
    for (const definition of eventCatalogue) expect(definitionOf(definition.type)).toBe(definition);
  });

  it('has unique types', () => {
    const types = eventCatalogue.map((definition) => definition.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(samples)('catalogues %s', (_name, definition) => {
    expect(eventCatalogue).toContain(definition);
  });

  it('returns undefined for an unknown type', () => {
    expect(definitionOf('registry.gateway.exploded')).toBeUndefined();
    expect(definitionOf('')).toBeUndefined();
  });

  it('puts every event on a topic named <domain>.<entity>.v<N>', () => {
    const topics = new Set<string>(Object.values(Topic));
    for (const definition of eventCatalogue) {
      expect(topics).toContain(definition.topic);
      expect(definition.topic).toMatch(/^[a-z]+\.[a-z-]+\.v\d+$/);
    }
  });
});
