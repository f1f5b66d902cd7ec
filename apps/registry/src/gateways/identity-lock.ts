import { EntityManager } from 'typeorm';

/**
 * Serialises, until the transaction ends, every decision about one person (R1, R8): a register
 * application and a temporary registration for the same identity cannot both pass their checks.
 */
export async function lockIdentity(manager: EntityManager, identityKey: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`identity:${identityKey}`]);
}
