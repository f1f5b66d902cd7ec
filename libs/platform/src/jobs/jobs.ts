import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

export type Job = () => Promise<unknown>;

export const JOBS_INTERVAL_MS = 60_000;

/**
 * The service's scheduled jobs (lapse, purge, reminders): run every minute, and on demand by
 * `npm run ops -- jobs run` outside production. Each job must be safe to run twice at once
 * (two instances, or the timer and the ops CLI): they claim their rows with locks.
 */
@Injectable()
export class Jobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(Jobs.name);
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly scheduler: SchedulerRegistry) {}

  register(name: string, job: Job): void {
    this.jobs.set(name, job);
  }

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.runAll().catch(() => undefined), JOBS_INTERVAL_MS);
    timer.unref();
    this.scheduler.addInterval('jobs', timer);
  }

  /** Runs every job once, one after the other; returns what each did. */
  async runAll(): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    for (const [name, job] of this.jobs) {
      try {
        results[name] = await job();
      } catch (error) {
        this.logger.error({ job: name, err: (error as Error).message }, 'job failed');
        results[name] = { error: (error as Error).message };
      }
    }
    return results;
  }
}
