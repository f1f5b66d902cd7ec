import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { Jobs } from '../jobs/jobs';
import { processedEventHorizonMs, TOPIC_RETENTION, TopicRetention } from './topic-settings';
import { UnitOfWork } from './unit-of-work';

const BATCH_SIZE = 10_000;

/** Forgets the ids of processed events once those events can no longer come again (processedEventHorizonMs). */
@Injectable()
export class PruneProcessedEventsJob implements OnModuleInit {
  constructor(
    private readonly jobs: Jobs,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(TOPIC_RETENTION) private readonly retention: TopicRetention,
  ) {}

  onModuleInit(): void {
    this.jobs.register('prune-processed-events', () => this.run());
  }

  async run(): Promise<{ pruned: number }> {
    const before = new Date(this.clock.now().getTime() - processedEventHorizonMs(this.retention));
    // In batches, so that no transaction holds many locks; two runs at once delete each row once.
    const pruned = await this.unitOfWork.inBatches(BATCH_SIZE, async (manager) => {
      const [, count]: [unknown, number] = await manager.query(
        `DELETE FROM processed_event WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM processed_event WHERE processed_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
         ))`,
        [before, BATCH_SIZE],
      );
      return count;
    });
    return { pruned };
  }
}
