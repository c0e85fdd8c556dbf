import { type SQL, sql } from 'drizzle-orm';
import { bigintArray, intArray, numericArray, textArray } from '#shared/db/arrays.ts';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { OrderStatus } from './schemas.ts';

export interface LockedProduct {
  id: number;
  sku: string;
  name: string;
  price: string;
  currency: string;
  stock: number;
  status: 'active' | 'withdrawn';
}

/** Locks the ordered products in id order, so concurrent orders never deadlock. */
export function lockProducts(db: Db, ids: readonly number[]): Promise<LockedProduct[]> {
  return queryRows<LockedProduct>(
    db,
    sql`select id::int as id, sku, name, price::text as price, currency, stock, status
        from admin.products where id = any(${bigintArray(ids)})
        order by id for update`,
  );
}

/** Takes stock for every line in one statement; the rows are already locked and checked. */
export async function takeStock(
  db: Db,
  lines: readonly { product_id: number; quantity: number }[],
) {
  await db.execute(sql`
    update admin.products p
    set stock = p.stock - v.quantity,
        updated_at = greatest(clock_timestamp(), p.updated_at + interval '1 millisecond')
    from unnest(${bigintArray(lines.map((l) => l.product_id))},
                ${intArray(lines.map((l) => l.quantity))}) as v(id, quantity)
    where p.id = v.id`);
}

/** Puts back the stock of every line of an order, locking the products in id order first. */
export async function returnStock(db: Db, orderId: number) {
  await db.execute(sql`
    select id from admin.products
    where id in (select product_id from admin.order_items where order_id = ${orderId})
    order by id for update`);
  await db.execute(sql`
    update admin.products p
    set stock = p.stock + i.quantity,
        updated_at = greatest(clock_timestamp(), p.updated_at + interval '1 millisecond')
    from (select product_id, sum(quantity)::int as quantity from admin.order_items
          where order_id = ${orderId} group by product_id order by product_id) i
    where p.id = i.product_id`);
}

/** An order as placed, before the database gives it an id, a number and times. */
export type NewOrder = Omit<OrderRow, 'id' | 'number' | 'created_at' | 'updated_at'>;

/** Inserts the order and its lines in one statement; answers what the database chose. */
export async function insertOrder(db: Db, order: NewOrder) {
  const lines = order.items;
  const [row] = await queryRows<{
    id: number;
    number: string;
    created_at: Date | string;
    updated_at: Date | string;
  }>(
    db,
    sql`with new_order as (
          insert into admin.orders
            (id, number, trader_id, customer_ref, total, currency, shipping_address, note)
          overriding system value
          select n.id, 'BRK-' || lpad(n.id::text, 6, '0'), ${order.trader_id}, ${order.customer_ref},
                 ${order.total}, ${order.currency}, ${JSON.stringify(order.shipping_address)}::jsonb,
                 ${order.note}
          from (select nextval('admin.orders_id_seq') as id) n
          returning id, number, created_at, updated_at),
        new_items as (
          insert into admin.order_items
            (order_id, line, product_id, sku, name, unit_price, quantity, line_total)
          select new_order.id, v.line, v.product_id, v.sku, v.name, v.unit_price, v.quantity, v.line_total
          from new_order, unnest(
            ${intArray(lines.map((_, index) => index + 1))},
            ${bigintArray(lines.map((l) => l.product_id))},
            ${textArray(lines.map((l) => l.sku))},
            ${textArray(lines.map((l) => l.name))},
            ${numericArray(lines.map((l) => l.unit_price))},
            ${intArray(lines.map((l) => l.quantity))},
            ${numericArray(lines.map((l) => l.line_total))}
          ) as v(line, product_id, sku, name, unit_price, quantity, line_total))
        select id::int as id, number, created_at, updated_at from new_order`,
  );
  if (!row) throw new Error('The order was not inserted');
  return row;
}

export interface OrderRow {
  id: number;
  number: string;
  trader_id: string;
  customer_ref: string;
  status: OrderStatus;
  total: string;
  currency: string;
  shipping_address: Record<string, unknown>;
  note: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  items: {
    product_id: number;
    sku: string;
    name: string;
    unit_price: string;
    quantity: number;
    line_total: string;
  }[];
}

/** Orders with their lines, filtered by `where`, in `orderBy` order. */
export function selectOrders(db: Db, where: SQL, orderBy: SQL, limit: number, lock = false) {
  return queryRows<OrderRow>(
    db,
    sql`select o.id::int as id, o.number, o.trader_id, o.customer_ref, o.status,
               o.total::text as total, o.currency, o.shipping_address, o.note,
               o.created_at, o.updated_at,
               (select coalesce(json_agg(json_build_object(
                   'product_id', i.product_id, 'sku', i.sku, 'name', i.name,
                   'unit_price', i.unit_price::text, 'quantity', i.quantity,
                   'line_total', i.line_total::text) order by i.line), '[]')
                from admin.order_items i where i.order_id = o.id) as items
        from admin.orders o
        where ${where}
        order by ${orderBy}
        limit ${limit}
        ${lock ? sql`for update of o` : sql``}`,
  );
}

export async function setOrderStatus(db: Db, id: number, status: OrderStatus) {
  await db.execute(
    sql`update admin.orders set status = ${status}, updated_at = now() where id = ${id}`,
  );
}
