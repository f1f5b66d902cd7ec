import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelay } from './outbox-relay';

/** One transaction for a state change and its outbox events; the relay is woken once it commits. */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.relay.nudge();
    return result;
  }

  /** A read outside any transaction. */
  read<T>(query: (manager: EntityManager) => Promise<T>): Promise<T> {
    return query(this.dataSource.manager);
  }
}
