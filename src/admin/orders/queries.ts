import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { OrderStatus } from './schemas.ts';

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
