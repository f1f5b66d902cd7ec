import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, InsertQueryBuilder, ObjectLiteral } from 'typeorm';
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
    const result = await this.dataSource.transaction(async (manager) => {
      this.events.open(manager);
      const result = await work(manager);
      published = await this.events.flush(manager);
      return result;
    });
    if (published > 0) this.relay.nudge();
    return result;
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
