import { ApplicationDecided, AuditRecorded, encodeEvent, GatewayRegistered, headerText, RawHeaders, Topic } from '@client-gate/contracts';
import { describeDeadLetter, kafkaFor, readDeadLetters, readTopics } from '@client-gate/tools/ops/kafka-ops';
import { Kafka, Producer } from 'kafkajs';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { waitFor } from './support/wait-for';

/** SPEC §9: bounded retries, then ops.dead-letter.v1 with the error and original headers; the partition moves on. */
describe('dead letters', () => {
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    kafka = kafkaFor(e2eEnvironment().kafkaBrokers.split(','));
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(() => producer.disconnect());

  const deadLetterFor = (predicate: (headers: RawHeaders) => boolean) =>
    waitFor('a dead letter', async () => (await readDeadLetters(kafka)).find((letter) => predicate(letter.headers as RawHeaders)), 30_000);

  it.each([
    ['a value that is not JSON', { ce_id: randomUUID(), ce_type: ApplicationDecided.type, ce_source: 'test', ce_specversion: '1.0' }, 'not json {'],
    ['an unknown event type', { ce_id: randomUUID(), ce_type: 'intake.application.teleported', ce_source: 'test', ce_specversion: '1.0' }, '{}'],
    ['a value that breaks the contract', { ce_id: randomUUID(), ce_type: ApplicationDecided.type, ce_source: 'test', ce_specversion: '1.0' }, '{"applicationId":42}'],
    ['no CloudEvents headers', { marker: randomUUID() }, '{"applicationId":"x"}'],
    [
      'a ce_id that is not a UUID',
      { ce_id: `not-a-uuid-${randomUUID()}`, ce_type: ApplicationDecided.type, ce_source: 'test', ce_specversion: '1.0' },
      JSON.stringify({ applicationId: randomUUID(), outcome: 'rejected', reasons: [], decidedAt: new Date().toISOString() }),
    ],
  ])('%s goes straight to the dead-letter topic, and the partition moves on', async (_, headers: Record<string, string>, value) => {
    const key = randomUUID();
    const marker = headers['ce_id'] ?? headers['marker'];
    await producer.send({ topic: Topic.RegistryApplicationOutcome, messages: [{ key, value, headers }] });
    const letter = await deadLetterFor((h) => (headerText(h, 'ce_id') ?? headerText(h, 'marker')) === marker);
    expect(describeDeadLetter(letter)).toMatchObject({ consumer: 'intake', attempts: 1, error: expect.stringContaining('MalformedEventError') });
    expect(letter.key?.toString()).toBe(key);
    expect(letter.value?.toString()).toBe(value);

    // The same key, hence the same partition: a valid event behind the poison one is still processed.
    const followUp = encodeEvent(ApplicationDecided, { applicationId: key, outcome: 'rejected', reasons: [], decidedAt: new Date().toISOString() }, { source: 'test' });
    await producer.send({ topic: Topic.RegistryApplicationOutcome, messages: [followUp] });
    await waitFor('the follow-up event to be processed', async () => {
      const rows = await query('intake', 'SELECT 1 FROM processed_event WHERE event_id = $1', [followUp.headers['ce_id']]);
      return rows.length > 0 ? true : undefined;
    });
  });

  it('a failing event sent in one request with good ones on its partition holds none of them back', async () => {
    const gatewayId = randomUUID();
    const registered = (id: string) => ({ gatewayId: id, consulate: 'HU-KYIV', familyName: 'Batch', givenNames: 'Test', email: 'batch@example.org', locale: 'en' as const, reminders: { enabled: false, documents: [] }, registeredAt: new Date().toISOString() });
    await producer.send({ topic: Topic.RegistryGateway, messages: [encodeEvent(GatewayRegistered, registered(gatewayId), { source: 'test' })] });
    await waitFor('the first registration to be applied', async () => ((await query('activation', 'SELECT 1 FROM account WHERE gateway_id = $1', [gatewayId])).length ? true : undefined));

    // One produce request, one key: the records share a partition and, most likely, a consumer batch.
    const before = encodeEvent(GatewayRegistered, registered(randomUUID()), { source: 'test' });
    const poison = encodeEvent(GatewayRegistered, registered(gatewayId), { source: 'test' });
    const after = encodeEvent(GatewayRegistered, registered(randomUUID()), { source: 'test' });
    await producer.send({ topic: Topic.RegistryGateway, messages: [before, poison, after].map((record) => ({ ...record, key: gatewayId })) });

    const letter = await deadLetterFor((h) => headerText(h, 'ce_id') === poison.headers['ce_id'] && headerText(h, 'dlq_consumer') === 'activation');
    expect(describeDeadLetter(letter)).toMatchObject({ type: GatewayRegistered.type, attempts: 5 });
    const processed = () =>
      query<{ event_id: string }>('activation', 'SELECT event_id FROM processed_event WHERE event_id = ANY($1)', [
        [before, poison, after].map((record) => record.headers['ce_id']),
      ]);
    await waitFor('the event behind the poison one to be applied', async () => ((await processed()).length >= 2 ? true : undefined));
    expect((await processed()).map((row) => row.event_id).sort()).toEqual([before.headers['ce_id'], after.headers['ce_id']].sort());
  });

  it('a handler that keeps failing is retried a bounded number of times, then dead-lettered; dlq replay brings it back', async () => {
    const gatewayId = randomUUID();
    const data = { gatewayId, consulate: 'HU-KYIV', familyName: 'Twice', givenNames: 'Test', email: 'twice@example.org', locale: 'en' as const, reminders: { enabled: false, documents: [] }, registeredAt: new Date().toISOString() };
    await producer.send({ topic: Topic.RegistryGateway, messages: [encodeEvent(GatewayRegistered, data, { source: 'test' })] });
    await waitFor('the first registration to be applied', async () => ((await query('activation', 'SELECT 1 FROM account WHERE gateway_id = $1', [gatewayId])).length ? true : undefined));

    // A second, different event for the same gateway makes activation's insert fail every time.
    const duplicate = encodeEvent(GatewayRegistered, data, { source: 'test' });
    await producer.send({ topic: Topic.RegistryGateway, messages: [duplicate] });
    const isDuplicate = (h: RawHeaders) => headerText(h, 'ce_id') === duplicate.headers['ce_id'] && headerText(h, 'dlq_consumer') === 'activation';
    const letter = await deadLetterFor(isDuplicate);
    expect(describeDeadLetter(letter)).toMatchObject({ topic: Topic.RegistryGateway, type: GatewayRegistered.type, attempts: 5 });
    expect(headerText(letter.headers as RawHeaders, 'ce_source')).toBe('test');

    const replay = spawnSync('npm', ['run', '--silent', 'ops', '--', 'dlq', 'replay', letter.id], {
      cwd: `${__dirname}/../../..`,
      encoding: 'utf8',
      env: { ...process.env, KAFKA_BROKERS: e2eEnvironment().kafkaBrokers },
      timeout: 60_000,
    });
    expect(replay.stdout).toContain('replayed 1 dead letter(s)');
    await waitFor('the replayed event to fail again', async () => {
      const letters = (await readDeadLetters(kafka)).filter((l) => isDuplicate(l.headers as RawHeaders));
      return letters.length === 2 ? letters : undefined;
    }, 40_000);
  });

  describe('events that Kafka refuses for good, in the outbox (issue 11)', () => {
    const outboxRow = (topic: string, value?: string) => {
      const record = encodeEvent(AuditRecorded, { service: 'intake', actor: 'test', action: 'test.refused', subject: randomUUID(), time: new Date().toISOString() }, { source: 'intake' });
      return { topic, ...record, value: value ?? record.value };
    };
    const metric = async (name: string, labels: string) => {
      const text = await (await fetch(`${e2eEnvironment().urls.intake}/metrics`)).text();
      const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && row.includes(labels));
      return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
    };

    it.each([
      ['a topic that does not exist', 'no.such-topic.v1', undefined, 'UNKNOWN_TOPIC_OR_PARTITION'],
      ['a record too large for the broker', Topic.OpsAudit, 'x'.repeat(1_200_000), 'TOO_LARGE'],
    ])('%s is dead-lettered with its reason and headers, and the events behind it are published', async (_, topic, value, reason) => {
      const refused = outboxRow(topic, value);
      const behind = outboxRow(Topic.OpsAudit);
      // Written as a service's transaction would, oldest first: the relay takes them in one batch.
      await query(
        'intake',
        'INSERT INTO outbox (topic, key, headers, value) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)',
        [refused, behind].flatMap((row) => [row.topic, row.key, JSON.stringify(row.headers), row.value]),
      );

      const letter = await deadLetterFor((h) => headerText(h, 'ce_id') === refused.headers['ce_id']);
      expect(describeDeadLetter(letter)).toMatchObject({ topic, producer: 'intake', type: AuditRecorded.type, attempts: 1 });
      expect(describeDeadLetter(letter).error).toContain(reason);
      expect(letter.key?.toString()).toBe(refused.key);
      expect(headerText(letter.headers as RawHeaders, 'traceparent')).toBe(refused.headers['traceparent']);
      if (value) expect(headerText(letter.headers as RawHeaders, 'dlq_value_omitted')).toContain(`${value.length} bytes`);
      else expect(letter.value?.toString()).toBe(refused.value);

      await waitFor('the event behind the refused one on its topic', async () =>
        (await readTopics(kafka, [Topic.OpsAudit])).some((record) => headerText(record.headers as RawHeaders, 'ce_id') === behind.headers['ce_id']) ? true : undefined,
      );
      expect(await query('intake', 'SELECT seq FROM outbox WHERE headers->>\'ce_id\' = ANY($1)', [[refused.headers['ce_id'], behind.headers['ce_id']]])).toEqual([]);
      expect(await metric('outbox_dead_lettered_total', `topic="${topic}",reason="${reason === 'TOO_LARGE' ? 'MESSAGE_TOO_LARGE' : reason}"`)).toBeGreaterThan(0);
    }, 90_000);
  });
});
