import { createHash } from 'node:crypto';
import { NotFound } from '#shared/errors.ts';
import type { AdminContext } from '../context.ts';
import { findProductBySku } from './queries.ts';
import { productSvg } from './svg.ts';

/** The generated image of a product, with an ETag that changes when its name does. */
export async function productImage(
  ctx: Pick<AdminContext, 'db'>,
  sku: string,
): Promise<{ svg: string; etag: string }> {
  const product = await findProductBySku(ctx.db, sku);
  if (!product) throw new NotFound('Image');
  const svg = productSvg(product);
  const etag = `"${createHash('sha256').update(svg).digest('base64url').slice(0, 22)}"`;
  return { svg, etag };
}
