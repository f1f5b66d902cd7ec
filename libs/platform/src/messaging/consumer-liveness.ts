import { Inject, Injectable, Logger } from '@nestjs/common';
import { consumerJoined, consumerRestarts, consumerStalled } from '../observability/metrics';
import { ConsumerWatchdog, Stall } from './consumer-watchdog';
import { SERVICE_NAME } from './tokens';

export const CONSUMER_STALL_MS = Symbol('CONSUMER_STALL_MS');

/**
 * The service's consumer as health sees it: joined to its group, how many partitions it owns, and whether it
 * is stalled (ConsumerWatchdog). A stall is logged as an error naming group, topic, partition and offset, shown
 * by `consumer_stalled`, fails /health/live and readiness, and lasts until a record is applied again or the
 * consumer has no work left.
 */
@Injectable()
export class ConsumerLiveness {
  private readonly logger = new Logger('ConsumerWatchdog');
  readonly watchdog: ConsumerWatchdog;
  private joinedGroup = false;
  private ownedPartitions = 0;
  private stall?: { since: number; stalls: Stall[] };

  constructor(
    @Inject(SERVICE_NAME) readonly group: string,
    @Inject(CONSUMER_STALL_MS) stallMs: number,
  ) {
    this.watchdog = new ConsumerWatchdog(stallMs);
    consumerStalled.set({ group }, 0);
    consumerJoined.set({ group }, 0);
  }

  get joined(): boolean {
    return this.joinedGroup;
  }

  get partitions(): number {
    return this.ownedPartitions;
  }

  /** Since when, and why, the consumer is stalled; undefined while it is not. */
  get stalled(): { since: number; stalls: Stall[] } | undefined {
    return this.stall;
  }

  started(now = Date.now()): void {
    this.joinedGroup = false;
    consumerJoined.set({ group: this.group }, 0);
    this.watchdog.started(now);
  }

  stopped(): void {
    this.joinedGroup = false;
    consumerJoined.set({ group: this.group }, 0);
    this.ownedPartitions = 0;
    this.watchdog.stopped();
  }

  /** kafkajs gave up (a crash it does not restart from): out of the group; the watchdog, still watching, starts it again. */
  crashed(): void {
    this.joinedGroup = false;
    this.ownedPartitions = 0;
    consumerJoined.set({ group: this.group }, 0);
  }

  joinedWith(assignment: Record<string, number[]>, now = Date.now()): void {
    this.joinedGroup = true;
    consumerJoined.set({ group: this.group }, 1);
    const owned = Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions }));
    this.ownedPartitions = owned.reduce((sum, { partitions }) => sum + partitions.length, 0);
    this.watchdog.assigned(owned, now);
    this.watchdog.fetched(now);
  }

  /**
   * Looks at the consumer now: returns the stalls that call for a restart (none while it is healthy), and
   * clears an earlier stall once a record was applied after it began, or no work is left.
   */
  inspect(now = Date.now()): Stall[] {
    const stalls = this.watchdog.check(now);
    if (stalls.length > 0) {
      if (!this.stall) this.stall = { since: now, stalls };
      this.stall.stalls = stalls;
      consumerStalled.set({ group: this.group }, 1);
      for (const stall of stalls) {
        this.logger.error(
          { group: this.group, topic: stall.topic, partition: stall.partition, offset: stall.offset, reason: stall.reason, stalledForMs: stall.forMs },
          'consumer stalled: restarting it',
        );
      }
      return stalls;
    }
    // Over when a record is applied again, or when, a whole stall time after it began (the restart), the consumer
    // is back in its group with nothing waiting; not merely because a restart forgot what was waiting.
    const idleSinceRestart = this.stall !== undefined && this.joinedGroup && !this.watchdog.hasWork() && now - this.stall.since >= this.watchdog.stallMs;
    if (this.stall && (this.watchdog.lastAppliedAt() > this.stall.since || idleSinceRestart)) {
      this.logger.log({ group: this.group, stalledForMs: now - this.stall.since }, 'consumer moving again');
      this.stall = undefined;
      consumerStalled.set({ group: this.group }, 0);
    }
    return [];
  }

  restarted(): void {
    consumerRestarts.inc({ group: this.group });
  }
}
