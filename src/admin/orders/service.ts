import { sql } from 'drizzle-orm';
import type { Db } from '#shared/db/client.ts';
import { Conflict, NotFound } from '#shared/errors.ts';
import { decodeCursor, toPage } from '#shared/pagination.ts';
import type { AdminContext } from '../context.ts';
import { type OrderRow, returnStock, selectOrders, setOrderStatus } from './queries.ts';
import type { Order, OrderStatus } from './schemas.ts';

/** Where an order may go next. CANCELLED puts the stock back. */
export const NEXT_STATUSES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export function presentOrder(row: OrderRow): Order {
  return {
    ...row,
    shipping_address: row.shipping_address as Order['shipping_address'],
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

/** One order of one trader; another trader's order is as missing as one that does not exist. */
export async function getOrderFor(db: Db, traderId: string, id: number): Promise<Order> {
  const [row] = await selectOrders(
    db,
    sql`o.id = ${id} and o.trader_id = ${traderId}`,
    sql`o.id`,
    1,
  );
  if (!row) throw new NotFound('Order');
  return presentOrder(row);
}

/** A trader's orders changed since `updated_since`, oldest change first (for order sync). */
export async function listTraderOrders(
  ctx: AdminContext,
  traderId: string,
  query: { updated_since?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const conditions = [sql`o.trader_id = ${traderId}`];
  // Inclusive, as for products: an order changed in the same millisecond as the last one a sync saw,
  // but committed after it, must still come.
  if (query.updated_since)
    conditions.push(sql`o.updated_at >= ${query.updated_since}::timestamptz`);
  if (query.cursor) {
    const [updatedAt, id] = decodeCursor(query.cursor, ['date', 'number']);
    conditions.push(sql`(o.updated_at, o.id) > (${updatedAt.toISOString()}::timestamptz, ${id})`);
  }
  const rows = await selectOrders(
    ctx.db,
    sql.join(conditions, sql` and `),
    sql`o.updated_at, o.id`,
    query.limit + 1,
  );
  return toPage(rows, query.limit, (row) => [new Date(row.updated_at), row.id], presentOrder);
}

/** Every order, newest first, for operators. */
export async function listAllOrders(
  ctx: AdminContext,
  query: {
    status?: OrderStatus | undefined;
    trader_id?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const conditions = [sql`true`];
  if (query.status) conditions.push(sql`o.status = ${query.status}`);
  if (query.trader_id) conditions.push(sql`o.trader_id = ${query.trader_id}`);
  if (query.cursor) {
    const [id] = decodeCursor(query.cursor, ['number']);
    conditions.push(sql`o.id < ${id}`);
  }
  const rows = await selectOrders(
    ctx.db,
    sql.join(conditions, sql` and `),
    sql`o.id desc`,
    query.limit + 1,
  );
  return toPage(rows, query.limit, (row) => [row.id], presentOrder);
}

export async function getOrder(ctx: AdminContext, id: number): Promise<Order> {
  const [row] = await selectOrders(ctx.db, sql`o.id = ${id}`, sql`o.id`, 1);
  if (!row) throw new NotFound('Order');
  return presentOrder(row);
}

/** A trader cancels its own PENDING order; the stock goes back. */
export function cancelOrder(ctx: AdminContext, traderId: string, id: number): Promise<Order> {
  return changeStatus(ctx, sql`o.id = ${id} and o.trader_id = ${traderId}`, 'CANCELLED', [
    'PENDING',
  ]);
}

/** An operator moves an order along its life; an illegal move is a 409. */
export function transitionOrder(
  ctx: AdminContext,
  id: number,
  status: OrderStatus,
): Promise<Order> {
  return changeStatus(ctx, sql`o.id = ${id}`, status);
}

async function changeStatus(
  ctx: AdminContext,
  where: ReturnType<typeof sql>,
  status: OrderStatus,
  allowedFrom?: readonly OrderStatus[],
): Promise<Order> {
  return ctx.db.transaction(async (tx) => {
    const [order] = await selectOrders(tx, where, sql`o.id`, 1, true);
    if (!order) throw new NotFound('Order');
    const legal =
      NEXT_STATUSES[order.status].includes(status) && (allowedFrom?.includes(order.status) ?? true);
    if (!legal) {
      throw new Conflict(
        'illegal_transition',
        `An order that is ${order.status} cannot become ${status}.`,
        [{ from: order.status, to: status, allowed: NEXT_STATUSES[order.status] }],
      );
    }
    if (status === 'CANCELLED') await returnStock(tx, order.id);
    await setOrderStatus(tx, order.id, status);
    const [updated] = await selectOrders(tx, sql`o.id = ${order.id}`, sql`o.id`, 1);
    return presentOrder(updated as OrderRow);
  });
}
