import { AuditRecorded } from '@client-gate/contracts';
import { EntityManager } from 'typeorm';
import { SystemClock } from '../clock/clock';
import { EventPublisher } from './event-publisher';

/** A transaction's manager as far as the publisher uses it: the statements it was sent. */
function recordingManager() {
  const statements: { sql: string; parameters: unknown[] }[] = [];
  const manager = { query: async (sql: string, parameters: unknown[]) => void statements.push({ sql, parameters }) };
  return { manager: manager as unknown as EntityManager, statements };
}

const entry = (action: string) => ({ actor: 'officer-1', action, subject: 'application-1' });

describe('EventPublisher (SPEC §9: events commit with the state change that caused them)', () => {
  it('refuses an event published outside UnitOfWork.run, which would never reach the outbox', async () => {
    const publisher = new EventPublisher('intake', new SystemClock());
    await expect(publisher.audit(recordingManager().manager, entry('appointment.booked'))).rejects.toThrow(
      `${AuditRecorded.type} published outside UnitOfWork.run`,
    );
  });

  it("writes a transaction's events in one INSERT, in the order they were published", async () => {
    const publisher = new EventPublisher('intake', new SystemClock());
    const { manager, statements } = recordingManager();
    publisher.open(manager);
    await publisher.audit(manager, entry('first'));
    await publisher.audit(manager, entry('second'));
    await publisher.audit(manager, entry('third'));
    expect(statements).toHaveLength(0);

    expect(await publisher.flush(manager)).toBe(3);
    expect(statements).toHaveLength(1);
    const [topics, , , values] = statements[0].parameters as string[][];
    expect(topics).toEqual([AuditRecorded.topic, AuditRecorded.topic, AuditRecorded.topic]);
    expect(values.map((value) => JSON.parse(value).action)).toEqual(['first', 'second', 'third']);
  });

  it('writes nothing for a transaction without events, and nothing twice', async () => {
    const publisher = new EventPublisher('intake', new SystemClock());
    const { manager, statements } = recordingManager();
    publisher.open(manager);
    expect(await publisher.flush(manager)).toBe(0);
    publisher.open(manager);
    await publisher.audit(manager, entry('once'));
    await publisher.flush(manager);
    expect(await publisher.flush(manager)).toBe(0);
    expect(statements).toHaveLength(1);
  });
});
