/**
 * `npm start`: bundles the TypeScript sources with esbuild (dependencies stay in node_modules) and runs
 * the bundle. Running from source through a loader costs seconds at every start; this costs a fraction
 * of one. `npm run dev` still runs the sources directly, with watching.
 */
import { bundle } from './bundle.mjs';

const outfile = await bundle(
  new URL('../src/main.ts', import.meta.url),
  new URL('../dist/main.mjs', import.meta.url),
);
process.setSourceMapsEnabled(true);
await import(outfile.href);
