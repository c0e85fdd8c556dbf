import { record } from '#shared/audit/record.ts';
import type { RequestContext } from '#shared/audit/request-context.ts';
import type { Db } from '#shared/db/client.ts';
import { type ErrorDetail, NotFound, ValidationFailed } from '#shared/errors.ts';
import type { CmsContext } from '../context.ts';
import {
  lockCatalog,
  lockOrder,
  lockOwned,
  minPosition,
  renumber,
  setPositions,
  setVisibility,
} from './queries.ts';

const MIN_POSITION = -2_147_483_648;

/** Refuses a list that names an id twice: each repeat is a detail of its own. */
export function requireDistinct(productIds: readonly number[]): void {
  const firstAt = new Map<number, number>();
  const details: ErrorDetail[] = [];
  productIds.forEach((id, index) => {
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, index);
    else {
      details.push({
        field: `product_ids.${index}`,
        location: 'body',
        code: 'duplicate_item',
        message: `repeats product_ids.${first}`,
      });
    }
  });
  if (details.length > 0) throw new ValidationFailed(details);
}

/** Locks the rows; one id outside the trader's catalog and nothing changes (404). */
async function requireOwned(tx: Db, traderId: string, productIds: readonly number[]) {
  const owned = await lockOwned(tx, traderId, productIds);
  if (owned.size !== productIds.length) throw new NotFound('Product');
}

export async function setCatalogVisibility(
  ctx: CmsContext,
  traderId: string,
  body: { product_ids: number[]; visibility: boolean },
  context: RequestContext,
): Promise<{ updated: number }> {
  requireDistinct(body.product_ids);
  return ctx.db.transaction(async (tx) => {
    await requireOwned(tx, traderId, body.product_ids);
    const changed = await setVisibility(tx, traderId, body.product_ids, body.visibility);
    if (changed.length > 0) {
      await record(tx, {
        traderId,
        actor: { type: 'trader', id: traderId },
        action: 'products_visibility_changed',
        entity: { type: 'product', id: null },
        changes: {
          product_ids: changed,
          before: { visibility: !body.visibility },
          after: { visibility: body.visibility },
        },
        context,
      });
    }
    return { updated: changed.length };
  });
}

/**
 * Moves the products to the front, in the given order, by giving them positions below the current
 * lowest: k rows are written whatever the size of the catalog, and the rest keep their order.
 */
export async function reorderCatalog(
  ctx: CmsContext,
  traderId: string,
  productIds: number[],
  context: RequestContext,
): Promise<{ reordered: number }> {
  requireDistinct(productIds);
  const k = productIds.length;
  await ctx.db.transaction(async (tx) => {
    // Two reorders reading the same lowest position would interleave their products.
    await lockOrder(tx, traderId);
    // Whether to renumber is decided before any row is locked: a renumbering writes every row, so it
    // locks them all first, in product id order like every other bulk change. Locking them after
    // the named ones would deadlock with a bulk change holding a lower id and waiting for one of them.
    let lowest = (await minPosition(tx, traderId)) ?? 0;
    const renumbering = lowest - k < MIN_POSITION;
    if (renumbering) await lockCatalog(tx, traderId);
    await requireOwned(tx, traderId, productIds);
    if (renumbering) {
      await renumber(tx, traderId);
      lowest = 1;
    }
    const positions = productIds.map((_, index) => lowest - k + index);
    await setPositions(tx, traderId, productIds, positions);
    await record(tx, {
      traderId,
      actor: { type: 'trader', id: traderId },
      action: 'products_reordered',
      entity: { type: 'product', id: null },
      changes: { product_ids: productIds },
      context,
    });
  });
  return { reordered: k };
}
