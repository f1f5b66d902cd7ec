import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { jobFailures, jobFinished, jobStarted } from '../observability/metrics';

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
  /** The run in progress: runs never overlap (a slow run is not joined by the next timer's). */
  private running?: Promise<Record<string, unknown>>;

  constructor(private readonly scheduler: SchedulerRegistry) {}

  register(name: string, job: Job): void {
    this.jobs.set(name, job);
  }

  onApplicationBootstrap(): void {
    const timer = setInterval(() => {
      if (this.running) {
        this.logger.warn({ jobs: [...this.jobs.keys()] }, 'jobs still running from the last round; this round is skipped');
        return;
      }
      void this.runAll().catch(() => undefined);
    }, JOBS_INTERVAL_MS);
    timer.unref();
    this.scheduler.addInterval('jobs', timer);
  }

  /** Runs every job once, one after the other, after the run in progress if there is one; returns what each did. */
  async runAll(): Promise<Record<string, unknown>> {
    const previous = this.running;
    const run = (async () => {
      await previous?.catch(() => undefined);
      return this.runEach();
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async runEach(): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    for (const [name, job] of this.jobs) {
      jobStarted.set({ job_name: name }, Date.now() / 1000);
      try {
        results[name] = await job();
        jobFinished.set({ job_name: name }, Date.now() / 1000);
      } catch (error) {
        this.logger.error({ job: name, err: (error as Error).message }, 'job failed');
        jobFailures.inc({ job_name: name });
        results[name] = { error: (error as Error).message };
      }
    }
    return results;
  }
}
