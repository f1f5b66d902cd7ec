import { ConsumerLiveness } from './consumer-liveness';

const STALL_MS = 10_000;
const TOPIC = 'registry.application-outcome.v1';

describe('ConsumerLiveness (SPEC §9, issue 18: what health and the watchdog make of a consumer)', () => {
  it('a consumer kafkajs gave up on is out of its group and, once it has not fetched for the stall time, due for a restart', () => {
    const liveness = new ConsumerLiveness('intake', STALL_MS);
    liveness.started(0);
    liveness.joinedWith({ [TOPIC]: [0, 1] }, 0);
    expect(liveness).toMatchObject({ joined: true, partitions: 2 });

    liveness.crashed();
    expect(liveness).toMatchObject({ joined: false, partitions: 0 });
    expect(liveness.inspect(STALL_MS)).toEqual([{ topic: '*', reason: 'not fetching', forMs: STALL_MS }]);
    expect(liveness.stalled).toEqual({ since: STALL_MS, stalls: [{ topic: '*', reason: 'not fetching', forMs: STALL_MS }] });
  });

  it('a stall outlasts the restart that forgets what was waiting: it ends when a record is applied again', () => {
    const liveness = new ConsumerLiveness('intake', STALL_MS);
    liveness.started(0);
    liveness.joinedWith({ [TOPIC]: [0] }, 0);
    liveness.watchdog.batchOpened(TOPIC, 0, '41', 0);
    expect(liveness.inspect(STALL_MS)).toHaveLength(1);

    liveness.started(STALL_MS); // the watchdog's restart
    liveness.joinedWith({ [TOPIC]: [0] }, STALL_MS + 500);
    expect(liveness.inspect(STALL_MS + 1_000)).toEqual([]);
    expect(liveness.stalled).toBeDefined();

    liveness.watchdog.batchOpened(TOPIC, 0, '41', STALL_MS + 1_000);
    liveness.watchdog.applied(TOPIC, 0, '41', STALL_MS + 2_000);
    liveness.watchdog.batchClosed(TOPIC, 0, '42', STALL_MS + 2_000);
    expect(liveness.inspect(STALL_MS + 2_500)).toEqual([]);
    expect(liveness.stalled).toBeUndefined();
  });
});
