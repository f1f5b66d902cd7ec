import { Topic } from '@client-gate/contracts';
import { ITopicConfig } from 'kafkajs';
import { DAY_MS } from '../clock/clock';
import { TOPIC_PARTITIONS } from './kafka-config';
import { Replication } from './replication';

/** How long the broker keeps records, per kind of topic (KAFKA_EVENT_RETENTION_DAYS, KAFKA_AUDIT_RETENTION_DAYS). */
export interface TopicRetention {
  /** Event topics (personal data: names, email addresses, document numbers) and ops.dead-letter.v1. */
  eventsMs: number;
  /** ops.audit.v1: no personal data; operators' trail. */
  auditMs: number;
}

export const TOPIC_RETENTION = Symbol('TOPIC_RETENTION');

/**
 * Kafka deletes whole segments: a record can outlive its retention by up to one segment's span,
 * so segments roll daily (or sooner, under a shorter retention).
 */
const SEGMENT_MS = DAY_MS;

/**
 * Each topic's settings, all explicit, so that the broker's defaults decide nothing (SECURITY.md says how long):
 * every topic, the compacted clock too, has the same replication (KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS).
 */
export function topicSettings(topic: Topic, retention: TopicRetention, replication: Replication): ITopicConfig {
  const { replicationFactor } = replication;
  const minInsync = entry('min.insync.replicas', replication.minInsyncReplicas);
  if (topic === Topic.OpsClock) {
    // One key, latest value wins: a compacted single partition, kept until superseded.
    return { topic, numPartitions: 1, replicationFactor, configEntries: [entry('cleanup.policy', 'compact'), entry('retention.ms', -1), minInsync] };
  }
  const retentionMs = topic === Topic.OpsAudit ? retention.auditMs : retention.eventsMs;
  return {
    topic,
    numPartitions: TOPIC_PARTITIONS,
    replicationFactor,
    configEntries: [entry('cleanup.policy', 'delete'), entry('retention.ms', retentionMs), entry('segment.ms', Math.min(SEGMENT_MS, retentionMs)), minInsync],
  };
}

/**
 * How long a consumer remembers an event id it processed (`processed_event`): past the longest retention of
 * a topic it reads (an event topic, or the dead letters a replay sends back), a day's margin, the record
 * is gone from the broker and cannot come again.
 */
export function processedEventHorizonMs(retention: TopicRetention): number {
  return retention.eventsMs + SEGMENT_MS + DAY_MS;
}

function entry(name: string, value: number | string): { name: string; value: string } {
  return { name, value: String(value) };
}
