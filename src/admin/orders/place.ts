import { type ErrorDetail, ValidationFailed } from '#shared/errors.ts';
import { fromCents, toCents } from '#shared/money.ts';
import type { AdminContext } from '../context.ts';
import { type Answer, once } from './idempotency.ts';
import {
  insertOrder,
  type LockedProduct,
  lockProducts,
  type NewOrder,
  takeStock,
} from './queries.ts';
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
  return ctx.db.transaction((tx) =>
    once(tx, traderId, idempotencyKey, order, async () => {
      const products = new Map(
        (
          await lockProducts(
            tx,
            order.items.map((item) => item.product_id),
          )
        ).map((p) => [p.id, p]),
      );
      const lines = priceLines(order, products);
      const short = lines.filter((line) => line.product.stock < line.quantity);
      if (short.length > 0) {
        return {
          status: 409,
          body: {
            error: {
              code: 'insufficient_stock',
              message: 'Some products do not have enough stock.',
              details: short.map((line) => ({
                product_id: line.product.id,
                requested: line.quantity,
                available: line.product.stock,
              })),
            },
          },
        };
      }
      const placed: NewOrder = {
        trader_id: traderId,
        customer_ref: order.customer_ref,
        status: 'PENDING',
        total: fromCents(lines.reduce((sum, line) => sum + line.lineCents, 0)),
        currency: lines[0]?.product.currency ?? 'EUR',
        shipping_address: order.shipping_address,
        note: order.note ?? null,
        items: lines.map((line) => ({
          product_id: line.product.id,
          sku: line.product.sku,
          name: line.product.name,
          unit_price: line.product.price,
          quantity: line.quantity,
          line_total: fromCents(line.lineCents),
        })),
      };
      await takeStock(tx, placed.items);
      const inserted = await insertOrder(tx, placed);
      return { status: 201, body: presentOrder({ ...placed, ...inserted }) };
    }),
  );
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
  if (details.length > 0) throw new ValidationFailed(details);
  return lines;
}
