/**
 * Bundles one TypeScript entry point with esbuild the way `npm start` runs the services: our sources
 * in one file, dependencies left in node_modules.
 */
import { build } from 'esbuild';

export async function bundle(entry, outfile) {
  await build({
    entryPoints: [entry.pathname],
    outfile: outfile.pathname,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  return outfile;
}
