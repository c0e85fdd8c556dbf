import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../project-root.ts';

/** Migration sets, one per schema owner; each is a drizzle-kit output folder. */
export const MIGRATION_SETS = ['app', 'admin'] as const;
export type MigrationSet = (typeof MIGRATION_SETS)[number];

/** A down script holding this marker has not been written and reviewed yet; rollback refuses it. */
export const UNREVIEWED_MARKER = '-- broker:unreviewed';

export const MIGRATIONS_ROOT = projectPath('drizzle');

export interface MigrationFile {
  readonly set: MigrationSet;
  readonly tag: string;
  readonly hash: string;
  readonly up: readonly string[];
  /** Statements of the reviewed down script, or why there is none usable. */
  readonly down: { ok: true; statements: readonly string[] } | { ok: false; reason: string };
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function setDir(set: MigrationSet, root = MIGRATIONS_ROOT): string {
  return join(root, set);
}

export function downPath(set: MigrationSet, tag: string, root = MIGRATIONS_ROOT): string {
  return join(setDir(set, root), 'down', `${tag}.sql`);
}

/** Reads a set's migrations in journal order. */
export function readMigrations(set: MigrationSet, root = MIGRATIONS_ROOT): MigrationFile[] {
  const dir = setDir(set, root);
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const upText = readFileSync(join(dir, `${tag}.sql`), 'utf8');
      return {
        set,
        tag,
        hash: createHash('sha256').update(upText).digest('hex'),
        up: splitStatements(upText),
        down: readDown(downPath(set, tag, root)),
      };
    });
}

function readDown(path: string): MigrationFile['down'] {
  if (!existsSync(path)) return { ok: false, reason: `no down script at ${path}` };
  const text = readFileSync(path, 'utf8');
  if (text.includes(UNREVIEWED_MARKER)) {
    return { ok: false, reason: `the down script ${path} is still marked unreviewed` };
  }
  return { ok: true, statements: splitStatements(text) };
}

/** Splits drizzle-kit's SQL on its breakpoints, dropping chunks that hold only comments. */
export function splitStatements(text: string): string[] {
  return text
    .split('--> statement-breakpoint')
    .map((chunk) => chunk.trim())
    .filter((chunk) =>
      chunk.split('\n').some((line) => line.trim() && !line.trim().startsWith('--')),
    );
}
