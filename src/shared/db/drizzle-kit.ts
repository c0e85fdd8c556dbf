import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';
import type { MigrationSet } from './migration-files.ts';

const DRIZZLE_KIT = join(PROJECT_ROOT, 'node_modules', '.bin', 'drizzle-kit');

/** A scratch folder drizzle-kit can write to: it only takes paths relative to the project. */
export function scratchDir(label: string): string {
  const parent = join(PROJECT_ROOT, 'node_modules', '.cache');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `broker-${label}-`));
}

/**
 * Runs `drizzle-kit generate` for one set, into `outDir`; returns drizzle-kit's output. drizzle-kit
 * exits 0 even when it fails, so its output is read for errors.
 */
export function generateMigration(set: MigrationSet, outDir: string, name?: string): string {
  const args = ['generate', '--config', `drizzle.${set}.config.ts`];
  if (name) args.push('--name', name);
  const output = execFileSync(DRIZZLE_KIT, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DRIZZLE_OUT: relative(PROJECT_ROOT, outDir) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (/^\s*Error/m.test(output))
    throw new Error(`drizzle-kit generate failed for ${set}:\n${output}`);
  return output;
}

/** The tags listed in a migration folder's journal. */
export function journalTags(dir: string): string[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((entry) => entry.tag);
}
