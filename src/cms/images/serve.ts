import { mkdir } from 'node:fs/promises';
import fastifyStatic from '@fastify/static';
import type { Config } from '#shared/config.ts';
import type { App } from '#shared/http/create-app.ts';
import { uploadRoot } from './store.ts';
import { UPLOADS_PREFIX } from './urls.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Only published images: no directories, no temporary files, nothing else that lands in UPLOAD_DIR. */
const SERVED = new RegExp(`^/?products/${UUID}/${UUID}(\\.thumb)?\\.webp$`);

/**
 * Serves UPLOAD_DIR at /uploads/. An image's URL names a file that never changes (a new image gets a
 * new id), so it may be cached for good.
 */
export async function serveUploads(app: App, config: Config): Promise<void> {
  const root = uploadRoot(config);
  await mkdir(root, { recursive: true });
  await app.register(fastifyStatic, {
    root,
    prefix: UPLOADS_PREFIX,
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    maxAge: '365d',
    immutable: true,
    allowedPath: (pathName) => SERVED.test(pathName),
    setHeaders: (reply) => {
      reply.header('x-content-type-options', 'nosniff');
    },
  });
}
