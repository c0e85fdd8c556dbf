import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '#test/app.ts';
import { seedCatalog } from '#test/catalog.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';
import { pngImage, tempUploadDir, upload } from './images.test-helpers.ts';

const uploadDir = tempUploadDir();
const ctx = useTestApp('cms', { UPLOAD_DIR: uploadDir });
let alice: CmsTrader;
let image: { id: string; url: string; thumbnail_url: string };

beforeAll(async () => {
  alice = await cmsTrader(ctx.app, ctx.databases);
  const [productId = 0] = await seedCatalog(ctx.databases.app.db, alice.id, [{}]);
  const res = await upload(ctx.app, alice.headers, productId, { data: await pngImage(64, 48) });
  expect(res.statusCode).toBe(201);
  image = res.json();
});

describe('serving the files', () => {
  it('serves an image and its thumbnail as WebP with immutable caching and nosniff', async () => {
    for (const url of [image.url, image.thumbnail_url]) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/webp');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toContain('immutable');
      expect(res.headers['cache-control']).toContain('max-age=31536000');
      expect((await sharp(res.rawPayload).metadata()).format).toBe('webp');
    }
  });

  it('lists no directories, serves no stray files and allows no path traversal', async () => {
    const ids = [image.id];
    await writeFile(join(uploadDir, 'products', alice.id, `${ids[0]}.webp.stray.tmp`), 'x');
    await writeFile(join(uploadDir, 'secret.txt'), 'TOP SECRET CONTENT');
    for (const url of [
      '/uploads/',
      '/uploads/products/',
      `/uploads/products/${alice.id}/`,
      `/uploads/products/${alice.id}/${ids[0]}.webp.stray.tmp`,
      '/uploads/secret.txt',
      '/uploads/../package.json',
      '/uploads/..%2f..%2fpackage.json',
      '/uploads/%2e%2e/%2e%2e/package.json',
      `/uploads/products/${alice.id}/..%2f..%2fsecret.txt`,
      `/uploads/products/${alice.id}/${randomUUID()}.webp`,
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect([403, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toContain('TOP SECRET');
      expect(res.body, url).not.toContain('"private"');
      expect(res.json().error.code, url).toMatch(/not_found|forbidden/);
    }
  });
});
