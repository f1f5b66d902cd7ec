import { EntityManager } from 'typeorm';

/**
 * Serialises, until the transaction ends, every decision about one person (R1, R8): a register
 * application and a temporary registration for the same identity cannot both pass their checks.
 */
export async function lockIdentity(manager: EntityManager, identityKey: string): Promise<void> {
  await lockIdentities(manager, [identityKey]);
}

/**
 * `lockIdentity` for several people in one statement. The locks are taken in the order of their keys, so that
 * two transactions locking overlapping sets cannot deadlock.
 */
export async function lockIdentities(manager: EntityManager, identityKeys: string[]): Promise<void> {
  await manager.query(
    `SELECT pg_advisory_xact_lock(lock_key)
     FROM (SELECT DISTINCT hashtextextended('identity:' || key, 0) AS lock_key FROM unnest($1::text[]) AS key ORDER BY 1) AS locks`,
    [identityKeys],
  );
}
