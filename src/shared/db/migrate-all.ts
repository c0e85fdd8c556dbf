import type { Database } from './client.ts';
import type { Databases } from './databases.ts';
import { lastApplied, migrate, rollback } from './migrate.ts';
import { MIGRATION_SETS, type MigrationSet } from './migration-files.ts';

export function databaseFor(databases: Databases, set: MigrationSet): Database {
  return set === 'admin' ? databases.admin : databases.app;
}

/** Applies the pending migrations of the given sets; returns what was applied, as `set/tag`. */
export async function migrateSets(
  databases: Databases,
  sets: readonly MigrationSet[] = MIGRATION_SETS,
): Promise<string[]> {
  const applied: string[] = [];
  for (const set of sets) {
    const tags = await migrate(databaseFor(databases, set), set);
    applied.push(...tags.map((tag) => `${set}/${tag}`));
  }
  return applied;
}

/**
 * Reverts the most recently applied migration: of the given set, or across all sets when none is given.
 * Returns `set/tag`, or null when nothing is applied.
 */
export async function rollbackLatest(
  databases: Databases,
  only?: MigrationSet,
): Promise<string | null> {
  const candidates = await Promise.all(
    (only ? [only] : MIGRATION_SETS).map((set) => lastApplied(databaseFor(databases, set).db, set)),
  );
  const latest = candidates
    .filter((candidate) => candidate !== null)
    .sort((a, b) => b.appliedAt.getTime() - a.appliedAt.getTime())[0];
  if (!latest) return null;
  const tag = await rollback(databaseFor(databases, latest.set), latest.set);
  return tag && `${latest.set}/${tag}`;
}
