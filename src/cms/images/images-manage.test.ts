import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '#test/app.ts';
import { seedCatalog } from '#test/catalog.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';
import {
  auditActions,
  filesIn,
  imageRows,
  pngImage,
  tempUploadDir,
  upload,
} from './images.test-helpers.ts';

const uploadDir = tempUploadDir();
const ctx = useTestApp('cms', { UPLOAD_DIR: uploadDir, MAX_IMAGE_SIZE_MB: '1' });
let alice: CmsTrader;
let bob: CmsTrader;
let png: Buffer;

const db = () => ctx.databases.app.db;
const imagesUrl = (productId: number) => `/api/v1/trader/products/${productId}/images`;

beforeAll(async () => {
  alice = await cmsTrader(ctx.app, ctx.databases);
  bob = await cmsTrader(ctx.app, ctx.databases);
  png = await pngImage(64, 48);
});

async function productWithImages(count: number) {
  const [productId = 0] = await seedCatalog(db(), alice.id, [{}]);
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const res = await upload(ctx.app, alice.headers, productId, { data: png });
    expect(res.statusCode).toBe(201);
    ids.push(res.json().id);
  }
  return { productId, ids };
}

const list = (trader: CmsTrader, productId: number) =>
  ctx.app.inject({ method: 'GET', url: imagesUrl(productId), headers: trader.headers });
const reorder = (trader: CmsTrader, productId: number, body: unknown) =>
  ctx.app.inject({
    method: 'PATCH',
    url: imagesUrl(productId),
    headers: trader.headers,
    payload: body as object,
  });
const remove = (trader: CmsTrader, productId: number, imageId: string) =>
  ctx.app.inject({
    method: 'DELETE',
    url: `${imagesUrl(productId)}/${imageId}`,
    headers: trader.headers,
  });
const fileOf = (imageId: string, thumb = false) =>
  join(uploadDir, 'products', alice.id, `${imageId}${thumb ? '.thumb' : ''}.webp`);

describe("managing a product's images", () => {
  it('lists them in order', async () => {
    const { productId, ids } = await productWithImages(2);
    const res = await list(alice, productId);
    expect(res.statusCode).toBe(200);
    expect(
      res.json().items.map((image: { id: string; position: number }) => [image.id, image.position]),
    ).toEqual([
      [ids[0], 1],
      [ids[1], 2],
    ]);
    const [empty = 0] = await seedCatalog(db(), alice.id, [{}]);
    expect((await list(alice, empty)).json()).toEqual({ items: [] });
  });

  it('refuses an 11th image with 409 and stores nothing for it', async () => {
    const { productId } = await productWithImages(10);
    const filesBefore = await filesIn(uploadDir);
    const res = await upload(ctx.app, alice.headers, productId, { data: png });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('too_many_images');
    expect(await imageRows(db(), productId)).toHaveLength(10);
    expect(await filesIn(uploadDir)).toEqual(filesBefore);
  });

  it('deletes an image, its row and both files, closes the gap and audits it', async () => {
    const { productId, ids } = await productWithImages(3);
    const [first = '', second = '', third = ''] = ids;
    expect(existsSync(fileOf(second)) && existsSync(fileOf(second, true))).toBe(true);
    const res = await remove(alice, productId, second);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(existsSync(fileOf(second))).toBe(false);
    expect(existsSync(fileOf(second, true))).toBe(false);
    expect(existsSync(fileOf(first))).toBe(true);
    expect((await imageRows(db(), productId)).map((row) => [row.id, row.position])).toEqual([
      [first, 1],
      [third, 2],
    ]);
    expect((await auditActions(db(), alice.id)).at(-1)).toEqual({
      action: 'product_image_removed',
      entity_id: String(productId),
      changes: { before: { image_id: second, position: 2 } },
    });
    expect((await remove(alice, productId, second)).statusCode).toBe(404);
    expect((await remove(alice, productId, randomUUID())).statusCode).toBe(404);
    expect((await remove(alice, productId, 'not-a-uuid')).statusCode).toBe(422);
  });

  it('deletes the files too when the image id is spelt in upper case; refuses the urn: form', async () => {
    const { productId, ids } = await productWithImages(2);
    const [upper = '', urn = ''] = ids;
    const byUpper = await remove(alice, productId, upper.toUpperCase());
    expect(byUpper.statusCode).toBe(204);
    expect(existsSync(fileOf(upper)) || existsSync(fileOf(upper, true))).toBe(false);
    expect(await imageRows(db(), productId)).toHaveLength(1);
    const removed = await auditActions(db(), alice.id);
    expect(removed.at(-1)?.changes).toEqual({ before: { image_id: upper, position: 1 } });
    // PostgreSQL's uuid refuses `urn:uuid:`; the format check refuses it first, naming the field.
    const byUrn = await remove(alice, productId, `urn:uuid:${urn}`);
    expect(byUrn.statusCode).toBe(422);
    expect(existsSync(fileOf(urn))).toBe(true);
  });

  it('reorders them when given exactly the current ids, and audits it', async () => {
    const { productId, ids } = await productWithImages(3);
    const order = [ids[2], ids[0], ids[1]] as string[];
    const res = await reorder(alice, productId, { image_ids: order });
    expect(res.statusCode).toBe(200);
    expect(
      res.json().items.map((image: { id: string; position: number }) => [image.id, image.position]),
    ).toEqual([
      [order[0], 1],
      [order[1], 2],
      [order[2], 3],
    ]);
    expect((await imageRows(db(), productId)).map((row) => row.id)).toEqual(order);
    expect((await auditActions(db(), alice.id)).at(-1)).toEqual({
      action: 'product_images_reordered',
      entity_id: String(productId),
      changes: { before: { image_ids: ids }, after: { image_ids: order } },
    });
    // The same order again writes no audit row.
    const audited = (await auditActions(db(), alice.id)).length;
    expect((await reorder(alice, productId, { image_ids: order })).statusCode).toBe(200);
    expect(await auditActions(db(), alice.id)).toHaveLength(audited);

    for (const body of [
      { image_ids: order.slice(0, 2) },
      { image_ids: [...order.slice(0, 2), order[0]] },
      { image_ids: [...order, randomUUID()] },
      { image_ids: [order[0], order[1], randomUUID()] },
    ]) {
      const bad = await reorder(alice, productId, body);
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.details).toEqual([expect.objectContaining({ field: 'image_ids' })]);
    }
    const unknown = await reorder(alice, productId, { image_ids: order, position: 1 });
    expect(unknown.statusCode).toBe(422);
    expect((await imageRows(db(), productId)).map((row) => row.id)).toEqual(order);
  });

  it('answers 404 to another trader on every route, before reading an upload', async () => {
    const { productId, ids } = await productWithImages(2);
    const [imageId = ''] = ids;
    // Bigger than MAX_IMAGE_SIZE_MB: a 404 rather than a 413 shows the product was checked first.
    const big = Buffer.concat([png, Buffer.alloc(1_500_000)]);
    const attempts = [
      await upload(ctx.app, bob.headers, productId, { data: big }),
      await upload(ctx.app, bob.headers, productId, { data: png }),
      await list(bob, productId),
      await remove(bob, productId, imageId),
      await reorder(bob, productId, { image_ids: [...ids].reverse() }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await imageRows(db(), productId)).map((row) => row.id)).toEqual(ids);
    expect(existsSync(fileOf(imageId))).toBe(true);
    expect(await filesIn(join(uploadDir, 'products', bob.id)).catch(() => [])).toEqual([]);
  });
});

describe('the API docs', () => {
  it('document the image routes and hide the file server', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const images = spec.paths['/api/v1/trader/products/{id}/images'];
    expect(Object.keys(images).sort()).toEqual(['get', 'patch', 'post']);
    expect(images.post.summary).toContain('multipart');
    expect(Object.keys(images.post.responses).sort()).toEqual(
      ['201', '401', '403', '404', '409', '413', '415', '422'].sort(),
    );
    expect(spec.paths['/api/v1/trader/products/{id}/images/{image_id}'].delete).toBeDefined();
    expect(Object.keys(spec.paths).filter((path) => path.startsWith('/uploads'))).toEqual([]);
  });
});
