/**
 * When a consumer has work and makes no progress (SPEC §9). A pure state machine: the Kafka transport tells it
 * what happens (fetches, batches opened and closed, offsets applied, the broker's high watermark), and `check`
 * says, for a moment in time, which partitions are stalled. Anchored on Karafka's LivenessListener (a polling and
 * a consuming time-to-live) and kafkajs#452/#659 (a consumer that stops without a word).
 *
 * A partition is stalled when, for `stallMs`:
 * - a batch of it has been open and no record of it was applied (a handler that never returns, a wait on a
 *   dead socket or a lock); or
 * - it has records waiting (lag seen at its last fetch) and none was applied.
 * The consumer as a whole is stalled when it has not fetched for `stallMs` while it should be running (it
 * left the group and never came back, or kafkajs stopped fetching).
 */
export interface Stall {
  topic: string;
  /** undefined when the consumer as a whole stopped fetching */
  partition?: number;
  /** the next offset to apply, when known */
  offset?: string;
  reason: 'batch open' | 'lag without progress' | 'not fetching';
  forMs: number;
}

interface PartitionState {
  topic: string;
  partition: number;
  /** since when a batch is open; undefined when none is */
  openSince?: number;
  /** the last time a record was applied, or the state began */
  progressAt: number;
  /** the next offset to apply */
  nextOffset?: string;
  /** records waiting after the next offset, as of the last batch */
  lag: number;
}

export class ConsumerWatchdog {
  private readonly partitions = new Map<string, PartitionState>();
  private running = false;
  private fetchedAt = 0;
  /** When a record was last applied, kept across restarts. */
  private appliedAt = 0;

  constructor(readonly stallMs: number) {}

  /** The consumer (re)started: nothing is held against it yet. */
  started(now: number): void {
    this.partitions.clear();
    this.running = true;
    this.fetchedAt = now;
  }

  stopped(): void {
    this.running = false;
    this.partitions.clear();
  }

  /** A fetch request went out (kafkajs FETCH_START), or the group was joined: the consumer is polling. */
  fetched(now: number): void {
    this.fetchedAt = now;
  }

  /** The partitions this member now owns: those it lost are forgotten. */
  assigned(owned: { topic: string; partitions: number[] }[], now: number): void {
    const keep = new Set(owned.flatMap(({ topic, partitions }) => partitions.map((partition) => key(topic, partition))));
    for (const name of [...this.partitions.keys()]) if (!keep.has(name)) this.partitions.delete(name);
    for (const { topic, partitions } of owned) for (const partition of partitions) this.state(topic, partition, now);
  }

  batchOpened(topic: string, partition: number, firstOffset: string, now: number): void {
    const state = this.state(topic, partition, now);
    // Work that just came after a quiet spell counts from its arrival; with records already waiting, from the last progress.
    if (state.lag === 0 && state.openSince === undefined) state.progressAt = now;
    state.openSince = now;
    state.nextOffset = firstOffset;
  }

  /** Records up to `offset` were applied (or dead-lettered): progress. */
  applied(topic: string, partition: number, offset: string, now: number): void {
    const state = this.state(topic, partition, now);
    state.progressAt = now;
    this.appliedAt = now;
    state.nextOffset = (BigInt(offset) + 1n).toString();
  }

  /** The batch ended; `highWatermark` is the partition's end as the broker reported it with the batch. */
  batchClosed(topic: string, partition: number, highWatermark: string, now: number): void {
    const state = this.state(topic, partition, now);
    state.openSince = undefined;
    if (state.nextOffset !== undefined) {
      const lag = BigInt(highWatermark) - BigInt(state.nextOffset);
      state.lag = lag > 0n ? Number(lag) : 0;
    }
  }

  /** Whether any record waits (an open batch, or lag at the last fetch). */
  hasWork(): boolean {
    return [...this.partitions.values()].some((state) => state.openSince !== undefined || state.lag > 0);
  }

  /** The last time a record of any partition was applied (0 when none was). */
  lastAppliedAt(): number {
    return this.appliedAt;
  }

  check(now: number): Stall[] {
    if (!this.running) return [];
    const stalls: Stall[] = [];
    for (const state of this.partitions.values()) {
      const idleMs = now - state.progressAt;
      if (idleMs < this.stallMs) continue;
      if (state.openSince !== undefined && now - state.openSince >= this.stallMs) {
        stalls.push({ topic: state.topic, partition: state.partition, offset: state.nextOffset, reason: 'batch open', forMs: Math.min(idleMs, now - state.openSince) });
      } else if (state.lag > 0) {
        stalls.push({ topic: state.topic, partition: state.partition, offset: state.nextOffset, reason: 'lag without progress', forMs: idleMs });
      }
    }
    const openBatches = [...this.partitions.values()].some((state) => state.openSince !== undefined);
    // kafkajs fetches again only once every batch of the last fetch is done: an open batch explains the silence.
    if (!openBatches && now - this.fetchedAt >= this.stallMs) {
      stalls.push({ topic: '*', reason: 'not fetching', forMs: now - this.fetchedAt });
    }
    return stalls;
  }

  private state(topic: string, partition: number, now: number): PartitionState {
    const name = key(topic, partition);
    let state = this.partitions.get(name);
    if (!state) {
      state = { topic, partition, progressAt: now, lag: 0 };
      this.partitions.set(name, state);
    }
    return state;
  }
}

const key = (topic: string, partition: number) => `${topic}/${partition}`;
