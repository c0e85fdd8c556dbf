import { ConfigError } from './config.ts';
import { AppError } from './errors.ts';

/**
 * Runs a command-line entry point: exits with its code, or prints what went wrong in one readable
 * line (no stack trace for the expected failures) and exits 1.
 */
export function runMain(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) console.error(error.message);
      else if (error instanceof AppError) console.error(`${name}: ${error.code}: ${error.message}`);
      else console.error(`${name}: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
