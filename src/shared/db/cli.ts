/**
 * `npm run db:migrate` and `npm run db:rollback [-- --set app|admin]`. With the embedded database,
 * stop `npm start` first: PGlite's data directory has one owner at a time.
 */
import { loadConfig } from '../config.ts';
import { runMain } from '../run-main.ts';
import { openDatabases } from './databases.ts';
import { migrateSets, rollbackLatest } from './migrate-all.ts';
import { MIGRATION_SETS, type MigrationSet } from './migration-files.ts';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const setFlag = rest.indexOf('--set');
  const set = setFlag >= 0 ? rest[setFlag + 1] : undefined;
  if (set !== undefined && !(MIGRATION_SETS as readonly string[]).includes(set)) {
    console.error(`--set must be one of ${MIGRATION_SETS.join(', ')}`);
    return 2;
  }
  if (command !== 'migrate' && command !== 'rollback') {
    console.error('usage: db/cli.ts migrate|rollback [--set app|admin]');
    return 2;
  }
  const databases = await openDatabases(loadConfig());
  try {
    if (command === 'migrate') {
      const applied = await migrateSets(databases, set ? [set as MigrationSet] : undefined);
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Nothing to migrate');
    } else {
      const reverted = await rollbackLatest(databases, set as MigrationSet | undefined);
      console.log(reverted ? `Rolled back ${reverted}` : 'Nothing to roll back');
    }
    return 0;
  } finally {
    await databases.close();
  }
}

runMain('db', main);
