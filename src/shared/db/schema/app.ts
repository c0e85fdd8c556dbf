/**
 * Tables of the `public` schema, shared by the Trader CMS and the Customer Shop.
 * Kept free of project imports: drizzle-kit loads this file on its own to generate migrations.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  jsonb,
  pgTable,
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
    check(
      'audit_logs_actor_type_check',
      sql`${t.actorType} in ('trader', 'customer', 'operator', 'system')`,
    ),
  ],
);
