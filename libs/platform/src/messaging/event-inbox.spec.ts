import { AuditRecorded, encodeEvent } from '@client-gate/contracts';
import { EntityManager } from 'typeorm';
import { SystemClock } from '../clock/clock';
import { DatabaseUnavailableError } from '../database/outage';
import { DeadLetters, ConsumedRecord } from './dead-letters';
import { ConsumedBatch, EventInbox, MAX_EVENTS_PER_TRANSACTION, on, onAll } from './event-inbox';
import { UnitOfWork } from './unit-of-work';

/**
 * The inbox's batch logic against an in-memory stand-in for its database: `processed_event` as a set that a
 * failed transaction rolls back, and a count of transactions. The real database, broker and handlers are
 * exercised by the e2e suites (dead-letters.e2e-spec.ts among them).
 */
class InMemoryUnitOfWork {
  processed = new Set<string>();
  transactions = 0;

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.transactions++;
    const before = new Set(this.processed);
    const manager = {
      query: async (_sql: string, [ids]: [string[]]) =>
        [...new Set(ids)].filter((id) => !this.processed.has(id) && this.processed.add(id)).map((id) => ({ event_id: id })),
    } as unknown as EntityManager;
    try {
      return await work(manager);
    } catch (error) {
      this.processed = before;
      throw error;
    }
  }
}

class RecordingDeadLetters {
  letters: { offset: string; attempts: number; error: string }[] = [];

  async send(record: ConsumedRecord, _consumer: string, error: Error, attempts: number): Promise<void> {
    this.letters.push({ offset: record.offset, attempts, error: error.message });
  }
}

function audit(subject: string) {
  return encodeEvent(AuditRecorded, { service: 'test', actor: 'a', action: 'x', subject, time: new Date().toISOString() }, { source: 'test' });
}

function batchOf(
  records: { key: string; value: string; headers: Record<string, string> }[],
  consumer: { heartbeat?: () => Promise<void>; isStale?: () => boolean } = {},
) {
  const resolved: string[] = [];
  const payload = {
    batch: {
      topic: AuditRecorded.topic,
      partition: 0,
      messages: records.map((record, offset) => ({
        offset: String(offset),
        key: Buffer.from(record.key),
        value: Buffer.from(record.value),
        headers: record.headers,
      })),
    },
    heartbeat: consumer.heartbeat ?? (async () => undefined),
    isRunning: () => true,
    isStale: consumer.isStale ?? (() => false),
    resolveOffset: (offset: string) => void resolved.push(offset),
  } as unknown as ConsumedBatch;
  return { payload, resolved };
}

function setUp() {
  const unitOfWork = new InMemoryUnitOfWork();
  const deadLetters = new RecordingDeadLetters();
  const inbox = new EventInbox('test', unitOfWork as unknown as UnitOfWork, deadLetters as unknown as DeadLetters, new SystemClock());
  const applied: string[] = [];
  const bindings = [
    on(AuditRecorded, async ({ data }) => {
      if (data.subject === 'poison') throw new Error('this one always fails');
      applied.push(data.subject);
    }),
  ];
  return { unitOfWork, deadLetters, inbox, applied, bindings };
}

describe('EventInbox (SPEC §9: bounded retries, dead letters, a redelivery changes nothing)', () => {
  it(`applies a batch in order, ${MAX_EVENTS_PER_TRANSACTION} events a transaction, resolving the offsets as each commits`, async () => {
    const { unitOfWork, inbox, applied, bindings } = setUp();
    const subjects = Array.from({ length: 250 }, (_, index) => `subject-${index}`);
    const { payload, resolved } = batchOf(subjects.map(audit));

    await inbox.process(payload, bindings);

    expect(applied).toEqual(subjects);
    expect(unitOfWork.transactions).toBe(3);
    expect(resolved).toEqual(['99', '199', '249']);
  });

  it('a record that keeps failing is dead-lettered after its tries; the records around it are applied once each', async () => {
    const { unitOfWork, deadLetters, inbox, applied, bindings } = setUp();
    const { payload, resolved } = batchOf([audit('before'), audit('poison'), audit('after')]);

    await inbox.process(payload, bindings);

    // The shared transaction failed and was rolled back: 'before' was applied again, alone, and kept.
    expect(applied.filter((subject) => subject === 'before')).toHaveLength(2);
    expect(applied.filter((subject) => subject === 'after')).toHaveLength(1);
    expect(unitOfWork.processed.size).toBe(2);
    expect(deadLetters.letters).toEqual([{ offset: '1', attempts: 5, error: 'this one always fails' }]);
    expect(resolved).toEqual(['2']);
  }, 10_000);

  it('an event delivered twice, in one batch or in two, is applied once', async () => {
    const { inbox, applied, bindings } = setUp();
    const event = audit('once');

    await inbox.process(batchOf([event, audit('other'), event]).payload, bindings);
    await inbox.process(batchOf([event]).payload, bindings);

    expect(applied).toEqual(['once', 'other']);
  });

  it('a malformed record goes to the dead letters at once, without holding back the others', async () => {
    const { deadLetters, inbox, applied, bindings } = setUp();
    const malformed = { ...audit('bad'), value: 'not json {' };
    const { payload, resolved } = batchOf([audit('first'), malformed, audit('last')]);

    await inbox.process(payload, bindings);

    expect(applied).toEqual(['first', 'last']);
    expect(deadLetters.letters).toEqual([{ offset: '1', attempts: 1, error: expect.stringContaining('JSON') }]);
    expect(resolved).toEqual(['2']);
  });

  it('a set-based handler gets the events of a transaction at once, in order; after a failure, one at a time', async () => {
    const { deadLetters, inbox } = setUp();
    const calls: string[][] = [];
    const bindings = [
      onAll(AuditRecorded, async (events) => {
        const subjects = events.map(({ data }) => data.subject);
        calls.push(subjects);
        if (subjects.includes('poison')) throw new Error('this one always fails');
      }),
    ];

    await inbox.process(batchOf([audit('a'), audit('b'), audit('c')]).payload, bindings);
    expect(calls).toEqual([['a', 'b', 'c']]);

    calls.length = 0;
    await inbox.process(batchOf([audit('d'), audit('poison'), audit('e')]).payload, bindings);
    expect(calls.filter((subjects) => subjects.length > 1)).toEqual([['d', 'poison', 'e']]);
    expect(calls.filter((subjects) => subjects.length === 1)).toEqual([['d'], ...Array(5).fill(['poison']), ['e']]);
    expect(deadLetters.letters).toEqual([{ offset: '1', attempts: 5, error: 'this one always fails' }]);
  }, 10_000);

  it('issue 18: waiting out an outage is nobody\'s attempt (two outages and three failures do not dead-letter an event that then applies)', async () => {
    const { deadLetters, inbox } = setUp();
    const outcomes = [outage(), outage(), new Error('flaky'), new Error('flaky'), new Error('flaky')];
    const applied: string[] = [];
    const bindings = [
      on(AuditRecorded, async ({ data }) => {
        const failure = outcomes.shift();
        if (failure) throw failure;
        applied.push(data.subject);
      }),
    ];

    const { payload, resolved } = batchOf([audit('eventually')]);
    await inbox.process(payload, bindings);

    expect(deadLetters.letters).toEqual([]);
    expect(applied).toEqual(['eventually']);
    expect(resolved).toEqual(['0']);
  }, 10_000);

  it('issue 18: a batch waiting out an outage heartbeats, and stops when the group says the partition may be gone', async () => {
    const { inbox } = setUp();
    const applied: string[] = [];
    let tries = 0;
    const bindings = [
      on(AuditRecorded, async ({ data }) => {
        if (tries++ === 0) throw outage();
        applied.push(data.subject);
      }),
    ];
    let heartbeats = 0;
    const heartbeat = async () => {
      heartbeats++;
      throw Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
    };

    const { payload, resolved } = batchOf([audit('first'), audit('second')], { heartbeat });
    await inbox.process(payload, bindings);

    expect(heartbeats).toBe(1);
    expect(applied).toEqual([]);
    expect(resolved).toEqual([]);
  });

  it('issue 18: records of a partition lost in a rebalance are not applied', async () => {
    const { inbox, applied, bindings } = setUp();
    const { payload, resolved } = batchOf([audit('first'), audit('second')], { isStale: () => true });

    await inbox.process(payload, bindings);

    expect(applied).toEqual([]);
    expect(resolved).toEqual([]);
  });
});

function outage(): Error {
  return new DatabaseUnavailableError('connection-lost', 'the database connection was lost');
}
