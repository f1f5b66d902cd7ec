import { Admin, ConfigResourceTypes } from 'kafkajs';

/** KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS as configured; unset ones follow the cluster's size. */
export interface ReplicationSettings {
  replicationFactor?: number;
  minInsyncReplicas?: number;
  /** NODE_ENV=production: a topic below the settings stops the service at start instead of a warning. */
  refuseShortfall: boolean;
}

/** What every topic must have: copies of each partition, and copies that must hold a record before it is acknowledged. */
export interface Replication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

export const KAFKA_REPLICATION = Symbol('KAFKA_REPLICATION');

/**
 * Kafka's internal topics follow the same rule: the group coordinator's offsets and the transaction state live
 * there, and one copy of them dies with its broker (consumer groups lose their coordinator).
 */
export const INTERNAL_TOPICS = ['__consumer_offsets', '__transaction_state'];

/**
 * The replication a topic must have on a cluster of `brokers` live brokers: 3 copies (fewer brokers, one per broker,
 * as the broker's own default.replication.factor would be set), and 2 of them in sync for a write once there are 3.
 */
export function requiredReplication(settings: Omit<ReplicationSettings, 'refuseShortfall'>, brokers: number): Replication {
  const replicationFactor = settings.replicationFactor ?? Math.max(1, Math.min(3, brokers));
  const minInsyncReplicas = settings.minInsyncReplicas ?? (replicationFactor >= 3 ? 2 : 1);
  return { replicationFactor, minInsyncReplicas };
}

/** A topic as it is on the cluster: its fewest copies of a partition and its min.insync.replicas. */
export interface TopicReplication {
  topic: string;
  replicas: number;
  minInsyncReplicas: number;
}

/** Why a topic falls short of `required`; undefined when it does not. */
export function replicationShortfall(actual: TopicReplication, required: Replication): string | undefined {
  const problems = [
    actual.replicas < required.replicationFactor && `${actual.replicas} replicas, KAFKA_REPLICATION_FACTOR is ${required.replicationFactor}`,
    actual.minInsyncReplicas < required.minInsyncReplicas && `min.insync.replicas ${actual.minInsyncReplicas}, KAFKA_MIN_INSYNC_REPLICAS is ${required.minInsyncReplicas}`,
  ].filter(Boolean);
  return problems.length > 0 ? `${actual.topic}: ${problems.join('; ')}` : undefined;
}

/**
 * A topic's min.insync.replicas as this service sets it: the setting, but never above the topic's copies (a topic
 * that cannot gather that many would refuse every write); the shortfall is reported instead.
 */
export function applicableMinInsyncReplicas(required: Replication, replicas: number): number {
  return Math.max(1, Math.min(required.minInsyncReplicas, replicas));
}

/** The replication of these topics (those that exist) as the cluster has it. */
export async function readTopicReplication(admin: Admin, topics: string[]): Promise<TopicReplication[]> {
  if (topics.length === 0) return [];
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] })),
  });
  const minIsr = new Map(resources.map(({ resourceName, configEntries }) => [resourceName, Number(configEntries.find((entry) => entry.configName === 'min.insync.replicas')?.configValue ?? 1)]));
  return metadata.map(({ name, partitions }) => ({
    topic: name,
    replicas: Math.min(...partitions.map((partition) => partition.replicas.length)),
    minInsyncReplicas: minIsr.get(name) ?? 1,
  }));
}
