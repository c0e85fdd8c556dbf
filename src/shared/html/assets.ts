import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { projectPath } from '../project-root.ts';

/**
 * The panels' static files, served by the service itself: the machines are offline, so no CDN. Each
 * URL carries a hash of the content, so browsers may cache a file for long and still see a new one
 * right after a deploy.
 */
interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly version: string;
}

const require = createRequire(import.meta.url);

function load(path: string | URL, type: string): Asset {
  const body = readFileSync(path);
  return { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

const ASSETS = {
  'console.css': load(projectPath('src/shared/html/console.css'), 'text/css; charset=utf-8'),
  'htmx.min.js': load(
    require.resolve('htmx.org/dist/htmx.min.js'),
    'text/javascript; charset=utf-8',
  ),
} as const;

export type AssetName = keyof typeof ASSETS;

export const ASSET_PREFIX = '/assets';

/** The URL of an asset, with its content version. */
export function assetUrl(name: AssetName): string {
  return `${ASSET_PREFIX}/${name}?v=${ASSETS[name].version}`;
}

export function registerAssets(app: FastifyInstance): void {
  for (const [name, asset] of Object.entries(ASSETS)) {
    app.get(`${ASSET_PREFIX}/${name}`, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .headers({
          'content-type': asset.type,
          'cache-control': 'public, max-age=86400',
          'x-content-type-options': 'nosniff',
          etag: `"${asset.version}"`,
        })
        .send(asset.body),
    );
  }
}
