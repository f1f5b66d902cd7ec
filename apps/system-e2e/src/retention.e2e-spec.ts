import { ApplicationDecided, encodeEvent, Topic } from '@client-gate/contracts';
import { kafkaFor } from '@client-gate/tools/ops/kafka-ops';
import { ConfigResourceTypes, Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { advanceClock, resetClock, runJobs } from './support/clock';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { waitFor } from './support/wait-for';

const DAY_MS = 86_400_000;

/** Issue 11: keep only what must be kept, on the broker and in processed_event. */
describe('retention', () => {
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    kafka = kafkaFor(e2eEnvironment().kafkaBrokers.split(','));
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await resetClock();
  });

  it('every topic has its retention set explicitly: personal data and dead letters 7 days, audit a year, the clock compacted', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: Object.values(Topic).map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms', 'cleanup.policy', 'segment.ms'] })),
      });
      const settings = Object.fromEntries(
        resources.map(({ resourceName, configEntries }) => [
          resourceName,
          Object.fromEntries(configEntries.map((entry) => [entry.configName, { value: entry.configValue, explicit: !entry.isDefault && entry.configSource === 1 }])),
        ]),
      );
      const explicit = (value: number | string) => ({ value: String(value), explicit: true });
      // The business topics (personal data) and the dead letters: all but the audit and the clock.
      for (const topic of Object.values(Topic).filter((name) => name !== Topic.OpsAudit && name !== Topic.OpsClock)) {
        expect({ topic, ...settings[topic] }).toEqual({
          topic,
          'cleanup.policy': explicit('delete'),
          'retention.ms': explicit(7 * DAY_MS),
          'segment.ms': explicit(DAY_MS),
        });
      }
      expect(settings[Topic.OpsAudit]).toEqual({ 'cleanup.policy': explicit('delete'), 'retention.ms': explicit(365 * DAY_MS), 'segment.ms': explicit(DAY_MS) });
      expect(settings[Topic.OpsClock]).toMatchObject({ 'cleanup.policy': explicit('compact'), 'retention.ms': explicit(-1) });
    } finally {
      await admin.disconnect();
    }
  });

  it('processed event ids are pruned by a job once their events cannot come again (7 days retention, a day per segment, a day of margin)', async () => {
    const processedByIntake = async () => {
      const decided = encodeEvent(ApplicationDecided, { applicationId: randomUUID(), outcome: 'rejected', reasons: [], decidedAt: new Date().toISOString() }, { source: 'test' });
      await producer.send({ topic: Topic.RegistryApplicationOutcome, messages: [decided] });
      const id = decided.headers['ce_id'];
      await waitFor('intake to process the event', async () => ((await remembered(id)) ? true : undefined));
      return id;
    };
    const remembered = async (id: string) => (await query('intake', 'SELECT 1 FROM processed_event WHERE event_id = $1', [id])).length > 0;

    const old = await processedByIntake();
    await advanceClock('8d');
    const recent = await processedByIntake();
    await runJobs();
    expect(await remembered(old)).toBe(true);

    await advanceClock('1d1h');
    const results = (await runJobs()) as Record<string, Record<string, { pruned: number }>>;
    expect(results['intake']['prune-processed-events'].pruned).toBeGreaterThan(0);
    expect(await remembered(old)).toBe(false);
    expect(await remembered(recent)).toBe(true);
  });
});
