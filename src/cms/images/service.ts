import { randomUUID } from 'node:crypto';
import { record } from '#shared/audit/record.ts';
import type { RequestContext } from '#shared/audit/request-context.ts';
import type { Db } from '#shared/db/client.ts';
import { Conflict, NotFound, ValidationFailed } from '#shared/errors.ts';
import type { CmsContext } from '../context.ts';
import { encodeImage, requireImageType } from './encode.ts';
import * as queries from './queries.ts';
import { type LocalImage, MAX_IMAGES_PER_PRODUCT } from './schemas.ts';
import { removeImageFiles, stageImage, uploadRoot } from './store.ts';

const trader = (traderId: string) => ({ type: 'trader' as const, id: traderId });
const product = (productId: number) => ({ type: 'product', id: String(productId) });
/** The `uuid` format takes upper case, as PostgreSQL does; file names are lower case. */
const canonicalUuid = (id: string) => id.toLowerCase();

/** 404 unless the product is in the trader's catalog; 409 if it has all its images. */
async function requireRoom(db: Db, traderId: string, productId: number, lock = false) {
  if (!(await queries.inCatalog(db, traderId, productId, lock))) throw new NotFound('Product');
  const slots = await queries.imageSlots(db, traderId, productId);
  if (slots.count >= MAX_IMAGES_PER_PRODUCT) {
    throw new Conflict(
      'too_many_images',
      `A product has at most ${MAX_IMAGES_PER_PRODUCT} images; remove one first.`,
    );
  }
  return slots.next;
}

/**
 * Adds an image. The product is checked before the upload is read; the files are written under
 * temporary names, renamed into place inside the transaction that inserts the row and its audit
 * entry, and removed if anything fails, so there is never a file without a row or a row without files.
 */
export async function addImage(
  ctx: CmsContext,
  traderId: string,
  productId: number,
  readUpload: () => Promise<Buffer>,
  context: RequestContext,
): Promise<LocalImage> {
  await requireRoom(ctx.db, traderId, productId);
  const upload = await readUpload();
  await requireImageType(upload);
  const encoded = await encodeImage(upload);
  const imageId = randomUUID();
  const staged = await stageImage(uploadRoot(ctx.config), traderId, imageId, encoded);
  try {
    return await ctx.db.transaction(async (tx) => {
      const position = await requireRoom(tx, traderId, productId, true);
      const { width, height, bytes } = encoded.main;
      const row = { id: imageId, traderId, productId, position, width, height, bytes };
      const image = await queries.insertImage(tx, row);
      await record(tx, {
        traderId,
        actor: trader(traderId),
        action: 'product_image_added',
        entity: product(productId),
        changes: { after: { image_id: imageId, width, height, bytes } },
        context,
      });
      await staged.publish();
      return image;
    });
  } catch (error) {
    await staged.discard();
    throw error;
  }
}

export async function listImages(ctx: CmsContext, traderId: string, productId: number) {
  if (!(await queries.inCatalog(ctx.db, traderId, productId))) throw new NotFound('Product');
  return { items: await imagesOfOne(ctx.db, traderId, productId) };
}

/** Removes the row (and its audit entry) first; the files go once that has committed. */
export async function removeImage(
  ctx: CmsContext,
  traderId: string,
  productId: number,
  imageId: string,
  context: RequestContext,
): Promise<void> {
  const id = canonicalUuid(imageId);
  await ctx.db.transaction(async (tx) => {
    if (!(await queries.inCatalog(tx, traderId, productId, true))) throw new NotFound('Image');
    const removed = await queries.deleteImage(tx, traderId, productId, id);
    if (!removed) throw new NotFound('Image');
    await record(tx, {
      traderId,
      actor: trader(traderId),
      action: 'product_image_removed',
      entity: product(productId),
      changes: { before: { image_id: removed.id, position: removed.position } },
      context,
    });
  });
  await removeImageFiles(uploadRoot(ctx.config), traderId, id);
}

/** Puts the product's images in the given order, which must name each of them exactly once. */
export async function reorderImages(
  ctx: CmsContext,
  traderId: string,
  productId: number,
  imageIds: readonly string[],
  context: RequestContext,
) {
  const ids = imageIds.map(canonicalUuid);
  return ctx.db.transaction(async (tx) => {
    if (!(await queries.inCatalog(tx, traderId, productId, true))) throw new NotFound('Product');
    const current = await queries.imageIds(tx, traderId, productId);
    const same =
      ids.length === current.length &&
      new Set(ids).size === ids.length &&
      current.every((id) => ids.includes(id));
    if (!same) {
      throw new ValidationFailed([
        {
          field: 'image_ids',
          location: 'body',
          code: 'invalid_value',
          message: "must list each of the product's current images exactly once",
        },
      ]);
    }
    // The order they already have: nothing to write, nothing to audit.
    if (ids.every((id, index) => id === current[index]))
      return { items: await imagesOfOne(tx, traderId, productId) };
    await queries.setImageOrder(tx, traderId, productId, ids);
    await record(tx, {
      traderId,
      actor: trader(traderId),
      action: 'product_images_reordered',
      entity: product(productId),
      changes: { before: { image_ids: current }, after: { image_ids: ids } },
      context,
    });
    return { items: await imagesOfOne(tx, traderId, productId) };
  });
}

async function imagesOfOne(db: Db, traderId: string, productId: number) {
  return (await queries.imagesOf(db, traderId, [productId])).get(productId) ?? [];
}
