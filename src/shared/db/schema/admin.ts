/**
 * Tables of the Admin API, in PostgreSQL schema `admin` (or their own database, ADMIN_DATABASE_URL).
 * Kept free of project imports: drizzle-kit loads this file on its own to generate migrations.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const adminSchema = pgSchema('admin');

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();
const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();

/** Platform operators, who approve traders and manage the catalog. */
export const operators = adminSchema.table(
  'operators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('operators_email_key').on(t.email),
    check('operators_email_lowercase_check', sql`${t.email} = lower(${t.email})`),
  ],
);

/** The trader registry: applications filed by the CMS and the operator's decision on each. */
export const registeredTraders = adminSchema.table(
  'traders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    externalRef: text('external_ref').notNull(),
    email: text('email').notNull(),
    businessName: text('business_name').notNull(),
    status: text('status').$type<'PENDING' | 'ACTIVE' | 'REJECTED'>().notNull().default('PENDING'),
    apiKeyHash: text('api_key_hash'),
    apiKeyPrefix: text('api_key_prefix'),
    /** The new key, sealed, until the CMS has received it by webhook or by polling; then cleared. */
    apiKeyUndelivered: text('api_key_undelivered'),
    rejectionReason: text('rejection_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('traders_external_ref_key').on(t.externalRef),
    uniqueIndex('traders_api_key_hash_key').on(t.apiKeyHash),
    check('traders_status_check', sql`${t.status} in ('PENDING', 'ACTIVE', 'REJECTED')`),
  ],
);

export const categories = adminSchema.table(
  'categories',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('categories_slug_key').on(t.slug)],
);

export const PRODUCT_STATUSES = ['active', 'withdrawn'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** The central catalog. Prices are numeric(12,2); stock never goes below zero. */
export const products = adminSchema.table(
  'products',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    price: numeric('price', { precision: 12, scale: 2 }).notNull(),
    currency: text('currency').notNull().default('EUR'),
    stock: integer('stock').notNull().default(0),
    categoryId: bigint('category_id', { mode: 'number' }).references(() => categories.id),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    imageUrls: jsonb('image_urls').$type<string[]>().notNull().default([]),
    status: text('status').$type<ProductStatus>().notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_sku_key').on(t.sku),
    index('products_updated_idx').on(t.updatedAt, t.id),
    index('products_category_idx').on(t.categoryId),
    check('products_stock_check', sql`${t.stock} >= 0`),
    check('products_price_check', sql`${t.price} >= 0`),
    check('products_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('products_status_check', sql`${t.status} in ('active', 'withdrawn')`),
  ],
);

export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = adminSchema.table(
  'orders',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    number: text('number').notNull(),
    traderId: uuid('trader_id')
      .notNull()
      .references(() => registeredTraders.id),
    customerRef: text('customer_ref').notNull(),
    status: text('status').$type<OrderStatus>().notNull().default('PENDING'),
    total: numeric('total', { precision: 12, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    shippingAddress: jsonb('shipping_address').$type<Record<string, unknown>>().notNull(),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    index('orders_trader_updated_idx').on(t.traderId, t.updatedAt, t.id),
    index('orders_updated_idx').on(t.updatedAt, t.id),
    check(
      'orders_status_check',
      sql`${t.status} in ('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')`,
    ),
  ],
);

export const orderItems = adminSchema.table(
  'order_items',
  {
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    line: smallint('line').notNull(),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    unitPrice: numeric('unit_price', { precision: 12, scale: 2 }).notNull(),
    quantity: integer('quantity').notNull(),
    lineTotal: numeric('line_total', { precision: 12, scale: 2 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.line] }),
    check('order_items_quantity_check', sql`${t.quantity} between 1 and 1000`),
  ],
);

/** The first answer to each Idempotency-Key of a trader, replayed on every repeat. */
export const idempotencyKeys = adminSchema.table(
  'idempotency_keys',
  {
    traderId: uuid('trader_id')
      .notNull()
      .references(() => registeredTraders.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: smallint('status_code'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.traderId, t.key] })],
);

/** Events to deliver to the CMS by signed webhook; delivered rows are kept as a record. */
export const outbox = adminSchema.table(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`)],
);
