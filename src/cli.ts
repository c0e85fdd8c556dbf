/**
 * `npm run cli -- <command> [args]`. With the embedded database, stop `npm start` first: PGlite's data
 * directory has one owner at a time.
 */
import { adminCommands, type Command } from '#admin/commands.ts';
import { loadConfig } from '#shared/config.ts';
import { openDatabases } from '#shared/db/databases.ts';
import { migrateSets } from '#shared/db/migrate-all.ts';
import { runMain } from '#shared/run-main.ts';

const commands: Record<string, Command> = { ...adminCommands };

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
    console.log(await command.run(args, config, databases.admin));
    return 0;
  } finally {
    await databases.close();
  }
}

runMain('cli', main);
