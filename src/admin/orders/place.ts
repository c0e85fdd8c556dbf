import { type ErrorDetail, ValidationFailed } from '#shared/errors.ts';
import { fromCents, MAX_CENTS, toCents } from '#shared/money.ts';
import type { AdminContext } from '../context.ts';
import { type Answer, requestHash, storeAnswer, storedAnswer } from './idempotency.ts';
import { claimAndLock, type LockedProduct, writeOrder } from './place-queries.ts';
import type { OrderRow } from './queries.ts';
import type { OrderCreate } from './schemas.ts';
import { presentOrder } from './service.ts';

/**
 * Places an order for a trader: prices come from the catalog, never from the request, and stock is
 * taken in the same transaction as the order, with the product rows locked in id order. Short stock
 * is an expected outcome (409 with the short lines), not an exception.
 */
export async function placeOrder(
  ctx: AdminContext,
  traderId: string,
  idempotencyKey: string,
  order: OrderCreate,
): Promise<Answer> {
  checkDistinctProducts(order);
  const hash = requestHash(order);
  const productIds = order.items.map((item) => item.product_id);
  return ctx.db.transaction(async (tx) => {
    const claim = await claimAndLock(tx, traderId, idempotencyKey, hash, productIds);
    if (!claim.claimed || claim.orderId === null) {
      return storedAnswer(tx, traderId, idempotencyKey, hash);
    }
    const lines = priceLines(order, new Map(claim.products.map((p) => [p.id, p])));
    const short = lines.filter((line) => line.product.stock < line.quantity);
    if (short.length > 0) {
      const answer = { status: 409, body: insufficientStock(short) };
      await storeAnswer(tx, traderId, idempotencyKey, answer);
      return answer;
    }
    const placed: OrderRow = {
      id: claim.orderId,
      number: `BRK-${String(claim.orderId).padStart(6, '0')}`,
      trader_id: traderId,
      customer_ref: order.customer_ref,
      status: 'PENDING',
      total: fromCents(lines.reduce((sum, line) => sum + line.lineCents, 0)),
      currency: lines[0]?.product.currency ?? 'EUR',
      shipping_address: order.shipping_address,
      note: order.note ?? null,
      created_at: claim.now,
      updated_at: claim.now,
      items: lines.map((line) => ({
        product_id: line.product.id,
        sku: line.product.sku,
        name: line.product.name,
        unit_price: line.product.price,
        quantity: line.quantity,
        line_total: fromCents(line.lineCents),
      })),
    };
    const body = presentOrder(placed);
    await writeOrder(tx, placed, idempotencyKey, body);
    return { status: 201, body };
  });
}

function insufficientStock(short: readonly { product: LockedProduct; quantity: number }[]) {
  return {
    error: {
      code: 'insufficient_stock',
      message: 'Some products do not have enough stock.',
      details: short.map((line) => ({
        product_id: line.product.id,
        requested: line.quantity,
        available: line.product.stock,
      })),
    },
  };
}

function checkDistinctProducts(order: OrderCreate) {
  const seen = new Set<number>();
  const details: ErrorDetail[] = [];
  order.items.forEach((item, index) => {
    if (seen.has(item.product_id)) {
      details.push({
        field: `items.${index}.product_id`,
        location: 'body',
        code: 'duplicate_product',
        message: 'appears in an earlier line; put the whole quantity on one line',
      });
    }
    seen.add(item.product_id);
  });
  if (details.length > 0) throw new ValidationFailed(details);
}

function priceLines(order: OrderCreate, products: Map<number, LockedProduct>) {
  const details: ErrorDetail[] = [];
  const lines = order.items.flatMap((item, index) => {
    const product = products.get(item.product_id);
    const field = `items.${index}.product_id`;
    if (!product) {
      details.push({
        field,
        location: 'body',
        code: 'unknown_product',
        message: 'is not in the catalog',
      });
      return [];
    }
    if (product.status !== 'active') {
      details.push({
        field,
        location: 'body',
        code: 'product_withdrawn',
        message: 'is no longer sold',
      });
      return [];
    }
    return [
      { product, quantity: item.quantity, lineCents: toCents(product.price) * item.quantity },
    ];
  });
  const currencies = new Set(lines.map((line) => line.product.currency));
  if (currencies.size > 1) {
    details.push({
      field: 'items',
      location: 'body',
      code: 'mixed_currencies',
      message: 'must all be priced in one currency',
    });
  }
  // The order's total must fit numeric(12,2); every line is at most the total.
  if (lines.reduce((sum, line) => sum + line.lineCents, 0) > MAX_CENTS) {
    details.push({
      field: 'items',
      location: 'body',
      code: 'total_too_large',
      message: `must add up to at most ${fromCents(MAX_CENTS)}`,
    });
  }
  if (details.length > 0) throw new ValidationFailed(details);
  return lines;
}
