/**
 * `npm run cli -- <command> [args]`. With the embedded database, stop `npm start` first: PGlite's data
 * directory has one owner at a time.
 */
import { adminCommands, type Command } from '#admin/commands.ts';
import { ConfigError, loadConfig } from '#shared/config.ts';
import { openDatabases } from '#shared/db/databases.ts';
import { migrateSets } from '#shared/db/migrate-all.ts';
import { AppError } from '#shared/errors.ts';

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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof AppError) console.error(`${error.code}: ${error.message}`);
    else console.error(`cli: ${(error as Error).message}`);
    process.exit(1);
  },
);
