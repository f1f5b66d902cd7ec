import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffMs } from './retry';

/**
 * Runs `work` again and again: at once while it handles full batches, after `idleMs` (read each time) when it ran dry,
 * `coalesceMs` after a nudge (so that the nudges of commits close together make one batch), and with
 * back-off when it throws. The outbox relay and the courier use it.
 */
export class PollingLoop {
  private readonly logger: Logger;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingNudge = false;
  private coalescing?: NodeJS.Timeout;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<number>,
    private readonly options: { batchSize: number; idleMs: number | (() => number); coalesceMs: number },
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  nudge(): void {
    this.pendingNudge = true;
    if (this.wake && !this.coalescing) {
      this.coalescing = setTimeout(() => {
        this.coalescing = undefined;
        this.wake?.();
      }, this.options.coalesceMs);
    }
  }

  /** Stops after the batch in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.coalescing);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const handled = await this.work();
        failures = 0;
        if (handled < this.options.batchSize) await this.idle();
      } catch (error) {
        const delay = backoffMs(failures++, 200, 10_000);
        this.logger.warn(`${this.name} failed (${(error as Error).message}); retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  }

  private idle(): Promise<void> {
    if (this.pendingNudge) {
      this.pendingNudge = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const { idleMs } = this.options;
      const timer = setTimeout(() => this.wake?.(), typeof idleMs === 'number' ? idleMs : idleMs());
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pendingNudge = false;
        resolve();
      };
    });
  }
}
