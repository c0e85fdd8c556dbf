import { randomToken, sha256 } from '#shared/auth/secrets.ts';
import { Conflict, NotFound } from '#shared/errors.ts';
import { decodeCursor, toPage } from '#shared/pagination.ts';
import { normalizeEmail } from '../auth/service.ts';
import type { AdminContext } from '../context.ts';
import { enqueue } from '../webhooks/outbox.ts';
import type { TraderRow } from './queries.ts';
import * as queries from './queries.ts';
import type { Trader, TraderApplication } from './schemas.ts';

export const API_KEY_PREFIX = 'bk_';

export function presentTrader(row: TraderRow): Trader {
  return {
    id: row.id,
    external_ref: row.externalRef,
    email: row.email,
    business_name: row.businessName,
    status: row.status,
    rejection_reason: row.rejectionReason,
    api_key_prefix: row.apiKeyPrefix,
    decided_at: row.decidedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Files an application; filing again with the same external_ref answers the first one. */
export async function fileApplication(ctx: AdminContext, application: TraderApplication) {
  const { trader, created } = await queries.insertApplication(ctx.db, {
    email: normalizeEmail(application.email),
    businessName: application.business_name.trim(),
    externalRef: application.external_ref,
  });
  if (!trader) throw new Conflict('application_conflict', 'The application could not be filed.');
  return { trader, created };
}

/**
 * The status of an application, for the CMS's reconciler. The API key of an approved trader comes
 * with it, once: whichever of this call or the webhook reaches the CMS first takes it.
 */
export async function getApplicationStatus(ctx: AdminContext, id: string) {
  const trader = await queries.getTrader(ctx.db, id);
  if (!trader) throw new NotFound('Trader');
  const sealed = trader.status === 'ACTIVE' ? await queries.takeUndeliveredKey(ctx.db, id) : null;
  return {
    id: trader.id,
    status: trader.status,
    rejection_reason: trader.rejectionReason,
    ...(sealed ? { api_key: ctx.sealer.open(sealed) } : {}),
  };
}

export async function listTraders(
  ctx: AdminContext,
  query: { status?: Trader['status'] | undefined; limit: number; cursor?: string | undefined },
) {
  const after = query.cursor
    ? (([createdAt, id]) => ({ createdAt, id }))(decodeCursor(query.cursor, ['date', 'uuid']))
    : undefined;
  const rows = await queries.listTraders(ctx.db, {
    status: query.status,
    after,
    limit: query.limit,
  });
  return toPage(rows, query.limit, (row) => [row.createdAt, row.id], presentTrader);
}

/** Approves a PENDING or REJECTED trader and issues its API key, shown in full this once. */
export async function approveTrader(ctx: AdminContext, id: string) {
  return ctx.db.transaction(async (tx) => {
    const trader = await queries.lockTrader(tx, id);
    if (!trader) throw new NotFound('Trader');
    if (trader.status === 'ACTIVE') {
      throw new Conflict('already_active', 'This trader is already active.');
    }
    const apiKey = `${API_KEY_PREFIX}${randomToken(24)}`;
    await queries.markApproved(tx, id, {
      hash: sha256(apiKey),
      prefix: apiKey.slice(0, API_KEY_PREFIX.length + 6),
      sealed: ctx.sealer.seal(apiKey),
    });
    await enqueue(tx, 'trader.approved', {
      trader_id: id,
      external_ref: trader.externalRef,
      status: 'ACTIVE',
    });
    return { id, status: 'ACTIVE' as const, api_key: apiKey };
  });
}

export async function rejectTrader(ctx: AdminContext, id: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const trader = await queries.lockTrader(tx, id);
    if (!trader) throw new NotFound('Trader');
    if (trader.status !== 'PENDING') {
      throw new Conflict(
        'not_pending',
        `Only a PENDING application can be rejected; this one is ${trader.status}.`,
        [{ status: trader.status }],
      );
    }
    await queries.markRejected(tx, id, reason.trim());
    await enqueue(tx, 'trader.rejected', {
      trader_id: id,
      external_ref: trader.externalRef,
      status: 'REJECTED',
      rejection_reason: reason.trim(),
    });
    const updated = await queries.getTrader(tx, id);
    return presentTrader(updated as TraderRow);
  });
}

export async function findTraderByEmail(ctx: Pick<AdminContext, 'db'>, email: string) {
  const trader = await queries.getTraderByEmail(ctx.db, normalizeEmail(email));
  if (!trader) throw new NotFound('Trader');
  return trader;
}
