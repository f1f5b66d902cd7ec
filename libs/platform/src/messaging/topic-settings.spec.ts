import { Topic } from '@client-gate/contracts';
import { DAY_MS } from '../clock/clock';
import { processedEventHorizonMs, topicSettings } from './topic-settings';

const ONE_COPY = { replicationFactor: 1, minInsyncReplicas: 1 };
const settingsOf = (topic: Topic, eventsMs: number, auditMs = 365 * DAY_MS) =>
  Object.fromEntries((topicSettings(topic, { eventsMs, auditMs }, ONE_COPY).configEntries ?? []).map(({ name, value }) => [name, value]));

describe('topicSettings (issue 11: every topic\'s retention explicit)', () => {
  it.each([Topic.IntakeApplication, Topic.RegistryGateway, Topic.ActivationCode, Topic.OpsDeadLetter])('%s keeps records for the configured event retention', (topic) => {
    expect(settingsOf(topic, 3 * DAY_MS)).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': String(3 * DAY_MS), 'segment.ms': String(DAY_MS), 'min.insync.replicas': '1' });
  });

  it('rolls segments no slower than the retention, so that nothing outlives it by more than that', () => {
    expect(settingsOf(Topic.RegistryGateway, 6 * 3_600_000)['segment.ms']).toBe(String(6 * 3_600_000));
  });

  it('keeps the audit trail for the audit retention, and the clock until superseded', () => {
    expect(settingsOf(Topic.OpsAudit, DAY_MS, 30 * DAY_MS)['retention.ms']).toBe(String(30 * DAY_MS));
    expect(settingsOf(Topic.OpsClock, DAY_MS)).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '-1', 'min.insync.replicas': '1' });
    expect(topicSettings(Topic.OpsClock, { eventsMs: DAY_MS, auditMs: DAY_MS }, ONE_COPY).numPartitions).toBe(1);
  });

  it('remembers processed event ids past the event retention, a segment and a day of margin', () => {
    expect(processedEventHorizonMs({ eventsMs: 7 * DAY_MS, auditMs: 365 * DAY_MS })).toBe(9 * DAY_MS);
  });

  it.each(Object.values(Topic))('%s, the compacted clock too, gets the configured replication (issue 19)', (topic) => {
    const settings = topicSettings(topic, { eventsMs: DAY_MS, auditMs: DAY_MS }, { replicationFactor: 3, minInsyncReplicas: 2 });
    expect(settings.replicationFactor).toBe(3);
    expect(settings.configEntries).toContainEqual({ name: 'min.insync.replicas', value: '2' });
  });
});
