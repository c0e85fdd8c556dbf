/**
 * Tables of the `public` schema, shared by the Trader CMS and the Customer Shop.
 * Kept free of project imports: drizzle-kit loads this file on its own to generate migrations.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const TRADER_STATUSES = ['PENDING', 'ACTIVE', 'REJECTED'] as const;
export type TraderStatus = (typeof TRADER_STATUSES)[number];

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();
const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();

export const traders = pgTable(
  'traders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    businessName: text('business_name').notNull(),
    slug: text('slug').notNull(),
    status: text('status').$type<TraderStatus>().notNull().default('PENDING'),
    adminTraderId: uuid('admin_trader_id'),
    apiKeyEncrypted: text('api_key_encrypted'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('traders_email_key').on(t.email),
    uniqueIndex('traders_slug_key').on(t.slug),
    uniqueIndex('traders_admin_trader_id_key').on(t.adminTraderId),
    check('traders_status_check', sql`${t.status} in ('PENDING', 'ACTIVE', 'REJECTED')`),
    check('traders_email_lowercase_check', sql`${t.email} = lower(${t.email})`),
  ],
);

export const ACTOR_TYPES = ['trader', 'customer', 'operator', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Append-only record of every state change; rows of one trader form a hash chain. */
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    traderId: uuid('trader_id').references(() => traders.id),
    actorType: text('actor_type').$type<ActorType>().notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    changes: jsonb('changes'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_logs_trader_created_idx').on(t.traderId, t.createdAt.desc(), t.id.desc()),
    index('audit_logs_trader_action_idx').on(t.traderId, t.action),
    // The head of a trader's hash chain: the newest row by id (shared/audit/record.ts).
    index('audit_logs_chain_idx').on(t.traderId, t.id.desc()),
    check(
      'audit_logs_actor_type_check',
      sql`${t.actorType} in ('trader', 'customer', 'operator', 'system')`,
    ),
  ],
);

export const SUBJECT_TYPES = ['trader', 'customer'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/**
 * Refresh tokens, stored as hashes. Each login starts a family; every refresh spends one token and
 * issues the next of the same family. A spent token presented again revokes the whole family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectType: text('subject_type').$type<SubjectType>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
    spentAt: timestamp('spent_at', { withTimezone: true, precision: 3 }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_token_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_subject_idx').on(t.subjectType, t.subjectId),
    check('refresh_tokens_subject_type_check', sql`${t.subjectType} in ('trader', 'customer')`),
  ],
);

/** Calls to the Admin that must happen even if it is down right now (e.g. filing an application). */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventType: text('event_type').notNull(),
    traderId: uuid('trader_id').references(() => traders.id),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, precision: 3 }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`)],
);

/** Webhook events already accepted, so a replayed delivery is refused. */
export const webhookEvents = pgTable('webhook_events', {
  eventId: text('event_id').primaryKey(),
  eventType: text('event_type').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Categories as the Admin has them; one copy shared by every trader's catalog. */
export const categories = pgTable('categories', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  upstreamUpdatedAt: timestamp('upstream_updated_at', {
    withTimezone: true,
    precision: 3,
  }).notNull(),
  syncedAt: timestamp('synced_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const PRODUCT_STATUSES = ['active', 'withdrawn'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/**
 * Products as the Admin has them (central fields: traders read them, never change them); one copy
 * shared by every trader's catalog. A row is rewritten only by a newer upstream version.
 */
export const products = pgTable(
  'products',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    price: numeric('price', { precision: 12, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    stock: integer('stock').notNull(),
    // No foreign key: a category is the Admin's to keep consistent, and a sync must not fail on it.
    categoryId: bigint('category_id', { mode: 'number' }),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull(),
    imageUrls: jsonb('image_urls').$type<string[]>().notNull(),
    status: text('status').$type<ProductStatus>().notNull(),
    upstreamUpdatedAt: timestamp('upstream_updated_at', {
      withTimezone: true,
      precision: 3,
    }).notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('products_category_idx').on(t.categoryId),
    // The catalog's other sorts: walked in order, each row checked against the trader's catalog.
    index('products_name_idx').on(t.name, t.id),
    index('products_price_idx').on(t.price, t.id),
    index('products_stock_idx').on(t.stock, t.id),
    check('products_status_check', sql`${t.status} in ('active', 'withdrawn')`),
  ],
);

/**
 * A product in one trader's catalog, with the trader's own fields. `seen_updated_at`/`seen_status`
 * are the upstream version this trader's last sync took in, so every sync counts its changes from the
 * trader's point of view.
 */
export const traderProducts = pgTable(
  'trader_products',
  {
    traderId: uuid('trader_id')
      .notNull()
      .references(() => traders.id),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    localDescription: text('local_description'),
    visibility: boolean('visibility').notNull().default(false),
    position: integer('position').notNull(),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    seenUpdatedAt: timestamp('seen_updated_at', { withTimezone: true, precision: 3 }).notNull(),
    seenStatus: text('seen_status').$type<ProductStatus>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'trader_products_pkey', columns: [t.traderId, t.productId] }),
    index('trader_products_position_idx').on(t.traderId, t.position, t.productId),
    check('trader_products_seen_status_check', sql`${t.seenStatus} in ('active', 'withdrawn')`),
  ],
);

/** A trader's own image of a product: re-encoded WebP plus a thumbnail, under UPLOAD_DIR. */
export const traderProductImages = pgTable(
  'trader_product_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    traderId: uuid('trader_id').notNull(),
    productId: bigint('product_id', { mode: 'number' }).notNull(),
    position: integer('position').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'trader_product_images_product_fkey',
      columns: [t.traderId, t.productId],
      foreignColumns: [traderProducts.traderId, traderProducts.productId],
    }),
    index('trader_product_images_product_idx').on(t.traderId, t.productId, t.position),
  ],
);

export const SYNC_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];
export const SYNC_PHASES = ['fetching', 'applying', 'done'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

/** One product sync of one trader: its counts, progress and outcome. One may run per trader. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    traderId: uuid('trader_id')
      .notNull()
      .references(() => traders.id),
    full: boolean('full').notNull(),
    status: text('status').$type<SyncStatus>().notNull().default('running'),
    phase: text('phase').$type<SyncPhase>().notNull().default('fetching'),
    /** Upstream changes asked for: at or after this instant; null for a full run. */
    since: timestamp('since', { withTimezone: true, precision: 3 }),
    /** The newest upstream change taken in: where the next incremental run starts. */
    watermark: timestamp('watermark', { withTimezone: true, precision: 3 }),
    processed: integer('processed').notNull().default(0),
    total: integer('total'),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    withdrawn: integer('withdrawn').notNull().default(0),
    errorCode: text('error_code'),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
    durationMs: integer('duration_ms'),
  },
  (t) => [
    uniqueIndex('sync_runs_one_running_key').on(t.traderId).where(sql`${t.status} = 'running'`),
    index('sync_runs_trader_started_idx').on(t.traderId, t.startedAt.desc(), t.id.desc()),
    check('sync_runs_status_check', sql`${t.status} in ('running', 'succeeded', 'failed')`),
    check('sync_runs_phase_check', sql`${t.phase} in ('fetching', 'applying', 'done')`),
  ],
);
