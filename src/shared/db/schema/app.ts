/**
 * Tables of the `public` schema, shared by the Trader CMS and the Customer Shop.
 * Kept free of project imports: drizzle-kit loads this file on its own to generate migrations.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
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
