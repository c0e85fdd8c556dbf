/**
 * Tables of the Admin API, in PostgreSQL schema `admin` (or their own database, ADMIN_DATABASE_URL).
 * Kept free of project imports: drizzle-kit loads this file on its own to generate migrations.
 */
import { sql } from 'drizzle-orm';
import { check, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const adminSchema = pgSchema('admin');

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

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
