import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, InsertQueryBuilder, ObjectLiteral, QueryRunner } from 'typeorm';
import { Pool } from 'pg';
import { DatabaseUnavailableError } from '../database/outage';
import { EventPublisher, OutboxEvent, outboxInsert, outboxParameters } from './event-publisher';
import { OutboxRelay } from './outbox-relay';

/** One transaction for a state change and its outbox events; the relay is woken once it commits. */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let published = 0;
    const runner = await this.acquire();
    try {
      const result = await runner.manager.transaction(async (manager) => {
        this.events.open(manager);
        const result = await work(manager);
        published = await this.events.flush(manager);
        return result;
      });
      if (published > 0) this.relay.nudge();
      return result;
    } finally {
      await runner.release();
    }
  }

  /**
   * A connection of the pool, or a DatabaseUnavailableError saying why none came: the server unreachable, or
   * every connection of the pool taken for longer than the connect limit (pool exhaustion: an outage too, but
   * one that the consumer watchdog and liveness report when it lasts, since only a restart frees a leaked one).
   */
  private async acquire(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      return runner;
    } catch (error) {
      await runner.release().catch(() => undefined);
      const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
      const exhausted = pool !== undefined && pool.totalCount >= (pool.options.max ?? 10) && pool.idleCount === 0;
      throw exhausted
        ? new DatabaseUnavailableError('pool-exhausted', `no free database connection (${pool.totalCount} in use, ${pool.waitingCount} waiting)`, { cause: error })
        : new DatabaseUnavailableError('connect-failed', `could not connect to the database (${(error as Error)?.message})`, { cause: error });
    }
  }

  /**
   * A command whose whole state change is one INSERT: the row and its events' outbox rows are written by one
   * statement (a data-modifying CTE, atomic by itself) instead of `run`'s `BEGIN`, INSERT, outbox INSERT and
   * `COMMIT`: one round trip instead of four. `events` come from `EventPublisher.encode`.
   */
  async insertWithEvents(insert: (manager: EntityManager) => InsertQueryBuilder<ObjectLiteral>, events: OutboxEvent[]): Promise<void> {
    const [sql, parameters] = insert(this.dataSource.manager).getQueryAndParameters();
    await this.dataSource.query(`WITH inserted AS (${sql}) ${outboxInsert(parameters.length + 1)} ORDER BY position`, [
      ...parameters,
      ...outboxParameters(events),
    ]);
    if (events.length > 0) this.relay.nudge();
  }

  /**
   * A job's loop: runs `batch` in one transaction after another until one handles fewer than `size`
   * rows; returns how many were handled in all.
   */
  async inBatches(size: number, batch: (manager: EntityManager) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.run(batch);
      total += handled;
      if (handled < size) return total;
    }
  }

  /** A read outside any transaction. */
  read<T>(query: (manager: EntityManager) => Promise<T>): Promise<T> {
    return query(this.dataSource.manager);
  }
}
