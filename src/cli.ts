/**
 * `npm run cli -- <command> [args]`. With the embedded database, stop `npm start` first: PGlite's data
 * directory has one owner at a time.
 */
import { adminCommands, type Command } from '#admin/commands.ts';
import { auditCommands } from '#shared/audit/commands.ts';
import { loadConfig } from '#shared/config.ts';
import { openDatabases } from '#shared/db/databases.ts';
import { migrateSets } from '#shared/db/migrate-all.ts';
import { runMain } from '#shared/run-main.ts';

/** `database` picks which of the two databases a command works on; the Admin's by default. */
type CliCommand = Command & { readonly database?: 'app' | 'admin' };

const commands: Record<string, CliCommand> = { ...adminCommands, ...auditCommands };

async function main([name, ...args]: string[]): Promise<number> {
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(
      `usage: npm run cli -- <command>\n\n${Object.values(commands)
        .map((c) => `  ${c.usage}`)
        .join('\n')}`,
    );
    return 2;
  }
  const config = loadConfig();
  const databases = await openDatabases(config);
  try {
    await migrateSets(databases);
    console.log(await command.run(args, config, databases[command.database ?? 'admin']));
    return 0;
  } finally {
    await databases.close();
  }
}

runMain('cli', main);
