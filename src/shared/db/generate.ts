/**
 * `npm run db:generate -- <name>`: writes a migration for every set whose schema changed, plus a down
 * script to fill in. The down script carries UNREVIEWED_MARKER until someone writes and reviews it;
 * rollback and the drift check refuse it until then.
 */
import { writeFileSync } from 'node:fs';
import { generateMigration, journalTags } from './drizzle-kit.ts';
import {
  downPath,
  MIGRATION_SETS,
  readMigrations,
  setDir,
  UNREVIEWED_MARKER,
} from './migration-files.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:generate -- <name>   (lower-case letters, digits and _)');
  process.exit(2);
}

let created = 0;
for (const set of MIGRATION_SETS) {
  const before = new Set(journalTags(setDir(set)));
  generateMigration(set, setDir(set), name);
  for (const file of readMigrations(set).filter((migration) => !before.has(migration.tag))) {
    const hints = file.up.map((statement) => `--   ${statement.split('\n')[0]}`).join('\n');
    writeFileSync(
      downPath(set, file.tag),
      `${UNREVIEWED_MARKER}\n-- Write the statements that undo ${file.tag}, in reverse order, separated by\n-- "--> statement-breakpoint"; then delete the marker line. The up script does:\n${hints}\n`,
    );
    console.log(
      `Created drizzle/${set}/${file.tag}.sql and its down script drizzle/${set}/down/${file.tag}.sql`,
    );
    created += 1;
  }
}
console.log(created ? 'Now write and review each down script.' : 'No schema changes.');
