/**
 * `npm run db:check`: fails when the Drizzle schema and the committed migrations have drifted apart
 * (drizzle-kit would generate a new migration), or when a migration lacks a reviewed down script.
 */
import { cpSync, rmSync } from 'node:fs';
import { generateMigration, journalTags, scratchDir } from './drizzle-kit.ts';
import { MIGRATION_SETS, readMigrations, setDir } from './migration-files.ts';

const problems: string[] = [];
for (const set of MIGRATION_SETS) {
  const scratch = scratchDir(`drift-${set}`);
  try {
    cpSync(setDir(set), scratch, { recursive: true });
    generateMigration(set, scratch, 'drift_check');
    const extra = journalTags(scratch).length - journalTags(setDir(set)).length;
    if (extra > 0) {
      problems.push(
        `${set}: the schema has changes with no migration; run npm run db:generate -- <name>`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const file of readMigrations(set)) {
    if (!file.down.ok) problems.push(`${set}/${file.tag}: ${file.down.reason}`);
  }
}

if (problems.length > 0) {
  console.error(`Migration check failed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `Migrations match the schema (${MIGRATION_SETS.join(', ')}), and every one can be rolled back.`,
);
