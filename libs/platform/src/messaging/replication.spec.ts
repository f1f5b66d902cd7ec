import { applicableMinInsyncReplicas, replicationShortfall, requiredReplication } from './replication';

describe('replication settings (issue 19)', () => {
  it.each([
    [1, {}, { replicationFactor: 1, minInsyncReplicas: 1 }],
    [2, {}, { replicationFactor: 2, minInsyncReplicas: 1 }],
    [3, {}, { replicationFactor: 3, minInsyncReplicas: 2 }],
    [5, {}, { replicationFactor: 3, minInsyncReplicas: 2 }],
    [5, { replicationFactor: 5 }, { replicationFactor: 5, minInsyncReplicas: 2 }],
    [3, { replicationFactor: 2 }, { replicationFactor: 2, minInsyncReplicas: 1 }],
    [3, { replicationFactor: 3, minInsyncReplicas: 3 }, { replicationFactor: 3, minInsyncReplicas: 3 }],
    [1, { replicationFactor: 3 }, { replicationFactor: 3, minInsyncReplicas: 2 }],
  ])('on %p brokers, settings %p require %p', (brokers, settings, required) => {
    expect(requiredReplication(settings, brokers)).toEqual(required);
  });

  it('reports a topic with fewer copies, or fewer required in sync, than the settings; says nothing of one that has them', () => {
    const required = { replicationFactor: 3, minInsyncReplicas: 2 };
    expect(replicationShortfall({ topic: 'a', replicas: 3, minInsyncReplicas: 2 }, required)).toBeUndefined();
    expect(replicationShortfall({ topic: 'a', replicas: 5, minInsyncReplicas: 3 }, required)).toBeUndefined();
    expect(replicationShortfall({ topic: 'a', replicas: 1, minInsyncReplicas: 2 }, required)).toBe('a: 1 replicas, KAFKA_REPLICATION_FACTOR is 3');
    expect(replicationShortfall({ topic: '__consumer_offsets', replicas: 3, minInsyncReplicas: 1 }, required)).toBe(
      '__consumer_offsets: min.insync.replicas 1, KAFKA_MIN_INSYNC_REPLICAS is 2',
    );
  });

  it('never sets min.insync.replicas above the copies a topic has: it would refuse every write', () => {
    expect(applicableMinInsyncReplicas({ replicationFactor: 3, minInsyncReplicas: 2 }, 3)).toBe(2);
    expect(applicableMinInsyncReplicas({ replicationFactor: 3, minInsyncReplicas: 2 }, 1)).toBe(1);
  });
});
