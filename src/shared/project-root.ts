import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, found by walking up from this module. It works both from the
 * sources (src/shared) and from the start-up bundle (dist/), so files beside the code (migrations,
 * stylesheets) are found either way.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the code');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot();

export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts);
