import { ConsumerWatchdog } from './consumer-watchdog';

const STALL_MS = 60_000;
const TOPIC = 'registry.application-outcome.v1';

function started(at = 0): ConsumerWatchdog {
  const watchdog = new ConsumerWatchdog(STALL_MS);
  watchdog.started(at);
  watchdog.assigned([{ topic: TOPIC, partitions: [0, 1] }], at);
  return watchdog;
}

describe('ConsumerWatchdog (SPEC §9, issue 18: a consumer that has work and makes no progress for 60 s is noticed)', () => {
  it('a batch open for the stall time with nothing applied is a stall, naming topic, partition and offset', () => {
    const watchdog = started();
    watchdog.batchOpened(TOPIC, 1, '458', 1_000);

    expect(watchdog.check(1_000 + STALL_MS - 1)).toEqual([]);
    expect(watchdog.check(1_000 + STALL_MS)).toEqual([{ topic: TOPIC, partition: 1, offset: '458', reason: 'batch open', forMs: STALL_MS }]);
  });

  it('a long batch that keeps applying records is no stall', () => {
    const watchdog = started();
    watchdog.batchOpened(TOPIC, 0, '0', 0);
    for (let at = 10_000; at <= 5 * STALL_MS; at += 10_000) watchdog.applied(TOPIC, 0, String(at), at);

    expect(watchdog.check(5 * STALL_MS + 1_000)).toEqual([]);
  });

  it('records waiting at the last fetch and none applied since is a stall; caught up, an idle partition is none', () => {
    const watchdog = started();
    watchdog.fetched(0);
    watchdog.batchOpened(TOPIC, 0, '100', 0);
    watchdog.applied(TOPIC, 0, '149', 500);
    watchdog.batchClosed(TOPIC, 0, '600', 500);
    watchdog.fetched(STALL_MS + 400);

    expect(watchdog.check(STALL_MS + 500)).toEqual([{ topic: TOPIC, partition: 0, offset: '150', reason: 'lag without progress', forMs: STALL_MS }]);

    const caughtUp = started();
    caughtUp.batchOpened(TOPIC, 0, '100', 0);
    caughtUp.applied(TOPIC, 0, '149', 500);
    caughtUp.batchClosed(TOPIC, 0, '150', 500);
    caughtUp.fetched(10 * STALL_MS);
    expect(caughtUp.check(10 * STALL_MS)).toEqual([]);
  });

  it('a consumer that stopped fetching with no batch open is stalled as a whole (kafkajs#659)', () => {
    const watchdog = started();
    watchdog.fetched(5_000);

    expect(watchdog.check(5_000 + STALL_MS - 1)).toEqual([]);
    expect(watchdog.check(5_000 + STALL_MS)).toEqual([{ topic: '*', reason: 'not fetching', forMs: STALL_MS }]);
  });

  it('work that arrives after a quiet spell counts from its arrival, not from the last progress', () => {
    const watchdog = started();
    watchdog.fetched(10 * STALL_MS);
    watchdog.batchOpened(TOPIC, 0, '7', 10 * STALL_MS);

    expect(watchdog.check(10 * STALL_MS + 1_000)).toEqual([]);
  });

  it('a partition lost in a rebalance is forgotten; a restart or a stop forgets everything', () => {
    const watchdog = started();
    watchdog.batchOpened(TOPIC, 1, '3', 0);
    watchdog.assigned([{ topic: TOPIC, partitions: [0] }], 1_000);
    watchdog.fetched(STALL_MS);
    expect(watchdog.check(STALL_MS)).toEqual([]);

    watchdog.batchOpened(TOPIC, 0, '3', STALL_MS);
    watchdog.started(2 * STALL_MS);
    expect(watchdog.check(2 * STALL_MS + 1)).toEqual([]);

    watchdog.stopped();
    expect(watchdog.check(100 * STALL_MS)).toEqual([]);
  });
});
