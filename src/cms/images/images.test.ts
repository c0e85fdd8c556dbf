import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '#test/app.ts';
import { seedCatalog } from '#test/catalog.ts';
import { type CmsTrader, cmsTrader } from '#test/cms.ts';
import {
  apngImage,
  auditActions,
  exifJpeg,
  filesIn,
  gifImage,
  imageRows,
  pixelBomb,
  pngImage,
  tempUploadDir,
  upload,
  webpImage,
} from './images.test-helpers.ts';

const uploadDir = tempUploadDir();
const ctx = useTestApp('cms', { UPLOAD_DIR: uploadDir, MAX_IMAGE_SIZE_MB: '1' });
let alice: CmsTrader;
let productId: number;
let auditedBefore: number;

const db = () => ctx.databases.app.db;

beforeAll(async () => {
  alice = await cmsTrader(ctx.app, ctx.databases);
  [productId = 0] = await seedCatalog(db(), alice.id, [{}]);
});

beforeEach(async () => {
  auditedBefore = (await auditActions(db(), alice.id)).length;
});

// Each test starts from a product without images and an empty upload directory.
afterEach(async () => {
  await db().execute(sql`delete from trader_product_images`);
  for (const file of await filesIn(uploadDir)) {
    await rm(join(uploadDir, file));
  }
});

/** Asserts that a refused upload left nothing behind: no row, no file, no audit entry. */
async function expectNothingStored() {
  expect(await imageRows(db(), productId)).toEqual([]);
  expect(await filesIn(uploadDir)).toEqual([]);
  expect(await auditActions(db(), alice.id)).toHaveLength(auditedBefore);
}

describe('uploading an image', () => {
  it('re-encodes a PNG as WebP with a thumbnail, stores both files and the row, and audits it', async () => {
    const res = await upload(ctx.app, alice.headers, productId, { data: await pngImage(600, 400) });
    expect(res.statusCode).toBe(201);
    const image = res.json();
    expect(image).toEqual({
      id: expect.any(String),
      url: `/uploads/products/${alice.id}/${image.id}.webp`,
      thumbnail_url: `/uploads/products/${alice.id}/${image.id}.thumb.webp`,
      width: 600,
      height: 400,
      bytes: expect.any(Number),
      position: 1,
    });
    const main = join(uploadDir, 'products', alice.id, `${image.id}.webp`);
    const thumb = join(uploadDir, 'products', alice.id, `${image.id}.thumb.webp`);
    expect(await filesIn(uploadDir)).toEqual(
      [main, thumb].map((file) => file.slice(uploadDir.length + 1)).sort(),
    );
    const stored = await readFile(main);
    expect(stored.length).toBe(image.bytes);
    expect(await sharp(stored).metadata()).toMatchObject({
      format: 'webp',
      width: 600,
      height: 400,
    });
    expect(await sharp(await readFile(thumb)).metadata()).toMatchObject({
      format: 'webp',
      width: 320,
      height: 213,
    });
    expect(await imageRows(db(), productId)).toEqual([
      { id: image.id, position: 1, width: 600, height: 400, bytes: image.bytes },
    ]);
    expect((await auditActions(db(), alice.id)).slice(auditedBefore)).toEqual([
      {
        action: 'product_image_added',
        entity_id: String(productId),
        changes: { after: { image_id: image.id, width: 600, height: 400, bytes: image.bytes } },
      },
    ]);
  });

  it('turns a JPEG upright by its EXIF orientation and strips the metadata', async () => {
    const jpeg = await exifJpeg();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const res = await upload(ctx.app, alice.headers, productId, {
      data: jpeg,
      type: 'image/jpeg',
      filename: 'photo.jpg',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ width: 200, height: 300 });
    const stored = await readFile(join(uploadDir, 'products', alice.id, `${res.json().id}.webp`));
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 200, height: 300 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(stored.includes('SpyCam')).toBe(false);
  });

  it('takes GIF, WebP and animated PNG, and scales a large image down to 2000 px', async () => {
    const gif = await upload(ctx.app, alice.headers, productId, {
      data: await gifImage(),
      type: 'image/gif',
      filename: 'a.gif',
    });
    expect(gif.statusCode).toBe(201);
    expect(gif.json()).toMatchObject({ width: 120, height: 80, position: 1 });
    const webp = await upload(ctx.app, alice.headers, productId, {
      data: await webpImage(),
      type: 'image/webp',
      filename: 'b.webp',
    });
    expect(webp.statusCode).toBe(201);
    expect(webp.json()).toMatchObject({ width: 2000, height: 667, position: 2 });
    // An animated PNG is a PNG (file-type names it image/apng); its first frame is kept.
    const apng = await upload(ctx.app, alice.headers, productId, {
      data: await apngImage(),
      type: 'image/png',
      filename: 'c.png',
    });
    expect(apng.statusCode, apng.body).toBe(201);
    expect(apng.json()).toMatchObject({ width: 40, height: 30, position: 3 });
    expect(await filesIn(uploadDir)).toHaveLength(6);
  });

  it('refuses a file over MAX_IMAGE_SIZE_MB with 413 and stores nothing', async () => {
    const big = Buffer.concat([(await pngImage(10, 10)).subarray(0, 16), randomBytes(1_500_000)]);
    const res = await upload(ctx.app, alice.headers, productId, { data: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large' });
    expect(res.json().error.message).toContain('1 MB');
    await expectNothingStored();
  });

  it('refuses content that is not an image with 415, whatever its name or declared type', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
    for (const part of [
      { data: pdf, type: 'application/pdf', filename: 'doc.pdf' },
      { data: Buffer.from('just some text'), type: 'text/plain', filename: 'notes.txt' },
      { data: Buffer.from('I am not a PNG at all'), type: 'image/png', filename: 'photo.png' },
      { data: Buffer.alloc(0), type: 'image/png', filename: 'empty.png' },
    ]) {
      const res = await upload(ctx.app, alice.headers, productId, part);
      expect(res.statusCode, part.filename).toBe(415);
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
    await expectNothingStored();
  });

  it('refuses a body that is not multipart with 415', async () => {
    for (const [type, payload] of [
      ['application/json', '{"file":"x"}'],
      ['text/plain', 'hello'],
      ['image/png', 'x'],
    ]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/trader/products/${productId}/images`,
        headers: { ...alice.headers, 'content-type': type as string },
        payload,
      });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
    await expectNothingStored();
  });

  it('asks for exactly one file field named file (422)', async () => {
    const png = await pngImage(20, 20);
    const none = await upload(ctx.app, alice.headers, productId);
    expect(none.statusCode).toBe(422);
    expect(none.json().error.details).toEqual([expect.objectContaining({ field: 'file' })]);
    const wrongName = await upload(ctx.app, alice.headers, productId, {
      data: png,
      field: 'image',
    });
    expect(wrongName.statusCode).toBe(422);
    expect(wrongName.json().error.details).toEqual([expect.objectContaining({ field: 'image' })]);
    const two = await upload(ctx.app, alice.headers, productId, { data: png }, { data: png });
    expect(two.statusCode).toBe(422);
    expect(two.json().error.details).toEqual([expect.objectContaining({ field: 'file' })]);
    await expectNothingStored();
  });

  it('refuses a truncated image (valid magic bytes) with 422 invalid_image', async () => {
    const png = await pngImage(400, 300);
    const res = await upload(ctx.app, alice.headers, productId, {
      data: png.subarray(0, Math.floor(png.length / 2)),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'invalid_image',
      details: [expect.objectContaining({ field: 'file' })],
    });
    await expectNothingStored();
  });

  it('refuses a decompression bomb before decoding it (422 image_too_large)', async () => {
    const bomb = await pixelBomb();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await upload(ctx.app, alice.headers, productId, { data: bomb });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('image_too_large');
    await expectNothingStored();
  });

  it('leaves no file behind when the database refuses the row', async () => {
    await db().execute(sql`create function refuse_image() returns trigger language plpgsql as $$
      begin raise exception 'refused by test'; end $$`);
    await db().execute(sql`create trigger refuse_image before insert on trader_product_images
      for each row execute function refuse_image()`);
    try {
      const res = await upload(ctx.app, alice.headers, productId, { data: await pngImage(50, 50) });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('refused by test');
    } finally {
      await db().execute(sql`drop trigger refuse_image on trader_product_images`);
      await db().execute(sql`drop function refuse_image()`);
    }
    await expectNothingStored();
  });

  it('needs an ACTIVE trader and a product in the catalog', async () => {
    const png = await pngImage(20, 20);
    const anonymous = await upload(ctx.app, { authorization: '' }, productId, { data: png });
    expect(anonymous.statusCode).toBe(401);
    const pending = await cmsTrader(ctx.app, ctx.databases, 'PENDING');
    const notActive = await upload(ctx.app, pending.headers, productId, { data: png });
    expect(notActive.statusCode).toBe(403);
    const missing = await upload(ctx.app, alice.headers, 987_654_321, { data: png });
    expect(missing.statusCode).toBe(404);
    await expectNothingStored();
  });
});
