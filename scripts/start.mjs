/**
 * `npm start`: bundles the TypeScript sources with esbuild (dependencies stay in node_modules) and runs
 * the bundle. Running from source through a loader costs seconds at every start; this costs a fraction
 * of one. `npm run dev` still runs the sources directly, with watching.
 */
import { build } from 'esbuild';

const outfile = new URL('../dist/main.mjs', import.meta.url);
await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
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
process.setSourceMapsEnabled(true);
await import(outfile.href);
