import type { RequestContext } from '#shared/audit/request-context.ts';
import { NotFound } from '#shared/errors.ts';
import { applyAdminStatus } from '../approval/apply.ts';
import { rememberEvent } from '../approval/queries.ts';
import type { CmsContext } from '../context.ts';
import type { AdminEvent } from './schemas.ts';

/**
 * Applies a verified Admin event once. The event id is remembered in the same transaction as the
 * change, so a replay (or the Admin retrying after a lost acknowledgement) changes nothing and answers
 * `duplicate: true`. An unknown trader rolls the record back: a later retry may still find it.
 */
export async function receiveAdminEvent(
  ctx: CmsContext,
  event: AdminEvent,
  context: RequestContext,
): Promise<{ received: true; duplicate: boolean }> {
  return ctx.db.transaction(async (tx) => {
    if (!(await rememberEvent(tx, String(event.id), event.type))) {
      return { received: true as const, duplicate: true };
    }
    const outcome = await applyAdminStatus(
      tx,
      ctx.sealer,
      { id: event.data.external_ref, adminId: event.data.trader_id },
      {
        status: event.data.status,
        rejection_reason: event.data.rejection_reason ?? null,
        api_key: event.data.api_key,
      },
      'admin-webhook',
      context,
    );
    if (!outcome.ok) throw new NotFound('Trader');
    return { received: true as const, duplicate: false };
  });
}
