/**
 * The two statements of placing an order. They are few on purpose: the product rows stay locked from
 * the first statement to COMMIT, so every round trip in between lowers what one hot product can sell.
 */
import { sql } from 'drizzle-orm';
import { bigintArray, intArray, numericArray, textArray } from '#shared/db/arrays.ts';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { OrderRow } from './queries.ts';

export interface LockedProduct {
  id: number;
  sku: string;
  name: string;
  price: string;
  currency: string;
  stock: number;
  status: 'active' | 'withdrawn';
}

export interface Claim {
  /** False when the key was already used: nothing is locked and the stored answer applies. */
  claimed: boolean;
  /** The new order's id, drawn only for a claimed key. */
  orderId: number | null;
  /** The order's time, to the millisecond the column keeps. */
  now: string;
  products: LockedProduct[];
}

/**
 * Claims the idempotency key and, when it was free, locks the ordered products in id order (so two
 * orders never deadlock) and draws the order id. A request repeating a key still in flight waits on
 * the key's row here until the first one commits.
 */
export async function claimAndLock(
  db: Db,
  traderId: string,
  key: string,
  requestHash: string,
  productIds: readonly number[],
): Promise<Claim> {
  const [row] = await queryRows<
    Omit<Claim, 'products'> & { products: LockedProduct[] | null; now: string | Date }
  >(
    db,
    sql`with claim as (
          insert into admin.idempotency_keys (trader_id, key, request_hash)
          values (${traderId}, ${key}, ${requestHash})
          on conflict do nothing
          returning key),
        locked as (
          select id::int as id, sku, name, price::text as price, currency, stock, status
          from admin.products
          where id = any(${bigintArray(productIds)}) and exists (select 1 from claim)
          order by id for update)
        select exists (select 1 from claim) as claimed,
               case when exists (select 1 from claim)
                    then nextval('admin.orders_id_seq')::int end as "orderId",
               now()::timestamptz(3) as now,
               (select json_agg(locked) from locked) as products`,
  );
  if (!row) throw new Error('The claim answered no row');
  return { ...row, now: new Date(row.now).toISOString(), products: row.products ?? [] };
}

/**
 * Writes the whole order in one statement: the stock of every line, the order, its lines, and the
 * answer stored under the idempotency key.
 */
export async function writeOrder(db: Db, order: OrderRow, key: string, answer: unknown) {
  const lines = order.items;
  await db.execute(sql`
    with stock as (
      update admin.products p
      set stock = p.stock - v.quantity,
          updated_at = greatest(clock_timestamp(), p.updated_at + interval '1 millisecond')
      from unnest(${bigintArray(lines.map((l) => l.product_id))},
                  ${intArray(lines.map((l) => l.quantity))}) as v(id, quantity)
      where p.id = v.id
      returning p.id),
    new_order as (
      insert into admin.orders (id, number, trader_id, customer_ref, status, total, currency,
                                shipping_address, note, created_at, updated_at)
      overriding system value
      values (${order.id}, ${order.number}, ${order.trader_id}, ${order.customer_ref}, ${order.status},
              ${order.total}, ${order.currency}, ${JSON.stringify(order.shipping_address)}::jsonb,
              ${order.note}, ${order.created_at}, ${order.updated_at})
      returning id),
    new_items as (
      insert into admin.order_items
        (order_id, line, product_id, sku, name, unit_price, quantity, line_total)
      select (select id from new_order), v.*
      from unnest(
        ${intArray(lines.map((_, index) => index + 1))},
        ${bigintArray(lines.map((l) => l.product_id))},
        ${textArray(lines.map((l) => l.sku))},
        ${textArray(lines.map((l) => l.name))},
        ${numericArray(lines.map((l) => l.unit_price))},
        ${intArray(lines.map((l) => l.quantity))},
        ${numericArray(lines.map((l) => l.line_total))}
      ) as v)
    update admin.idempotency_keys
    set status_code = 201, response = ${JSON.stringify(answer)}::jsonb
    where trader_id = ${order.trader_id} and key = ${key}`);
}
