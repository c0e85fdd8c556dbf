import type { TraderStatusAnswer } from '#shared/admin-client/schemas.ts';
import { record } from '#shared/audit/record.ts';
import type { RequestContext } from '#shared/audit/request-context.ts';
import type { Sealer } from '#shared/auth/encryption.ts';
import type { Db } from '#shared/db/client.ts';
import { lockTrader, setApproval, type TraderMatch } from './queries.ts';

/** Who learnt of the change: recorded as the audit row's system actor. */
export type ApprovalSource = 'admin-webhook' | 'admin-reconciler';

export type ApplyOutcome =
  | { ok: true; traderId: string; changed: boolean }
  | { ok: false; reason: 'unknown_trader' };

/**
 * The one way an Admin decision reaches a trader, used by the webhook and the reconciler alike: the
 * trader becomes ACTIVE (its API key sealed) or REJECTED, and the change is audited. Pass the
 * transaction the caller wants it in. The Admin hands the key out once (to the webhook or to a
 * status read), so an approval without a key keeps the key already stored.
 */
export async function applyAdminStatus(
  db: Db,
  sealer: Sealer,
  match: TraderMatch,
  answer: Pick<TraderStatusAnswer, 'status' | 'rejection_reason' | 'api_key'>,
  source: ApprovalSource,
  context?: RequestContext,
): Promise<ApplyOutcome> {
  const trader = await lockTrader(db, match);
  if (!trader) return { ok: false, reason: 'unknown_trader' };
  if (answer.status === 'PENDING') return { ok: true, traderId: trader.id, changed: false };

  const apiKeyEncrypted =
    answer.status === 'ACTIVE'
      ? answer.api_key
        ? sealer.seal(answer.api_key)
        : trader.apiKeyEncrypted
      : null;
  const changed = trader.status !== answer.status;
  if (!changed && apiKeyEncrypted === trader.apiKeyEncrypted) {
    return { ok: true, traderId: trader.id, changed: false };
  }
  await setApproval(db, trader.id, {
    status: answer.status,
    adminTraderId: match.adminId,
    apiKeyEncrypted,
  });
  if (changed) {
    await record(db, {
      traderId: trader.id,
      actor: { type: 'system', id: source },
      action: 'status_changed',
      entity: { type: 'trader', id: trader.id },
      changes: {
        before: { status: trader.status },
        after: {
          status: answer.status,
          ...(answer.rejection_reason ? { rejection_reason: answer.rejection_reason } : {}),
        },
      },
      context,
    });
  }
  return { ok: true, traderId: trader.id, changed };
}
