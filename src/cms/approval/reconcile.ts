import type { CmsContext } from '../context.ts';
import { applyAdminStatus } from './apply.ts';
import { pendingFiled } from './queries.ts';

/**
 * Asks the Admin about PENDING traders whose application it has, and applies any decision, so a lost
 * webhook only delays an approval. A trader the Admin cannot answer for is asked again next time.
 * One call handles a page after `after`; `next` is where the following call goes on (undefined once
 * the end is reached, to start over).
 */
export async function reconcile(ctx: CmsContext, options: { limit?: number; after?: string } = {}) {
  const limit = options.limit ?? 100;
  const page = await pendingFiled(ctx.db, limit, options.after);
  const result = { checked: 0, changed: 0, failed: 0, next: undefined as string | undefined };
  for (const trader of page) {
    if (!trader.adminTraderId) continue;
    const adminId = trader.adminTraderId;
    result.checked += 1;
    try {
      const answer = await ctx.admin.getTraderStatus(adminId);
      if (answer.status === 'PENDING') continue;
      const outcome = await ctx.db.transaction((tx) =>
        applyAdminStatus(tx, ctx.sealer, { id: trader.id, adminId }, answer, 'admin-reconciler'),
      );
      if (outcome.ok && outcome.changed) result.changed += 1;
    } catch {
      result.failed += 1;
    }
  }
  if (page.length === limit) result.next = page.at(-1)?.id;
  return result;
}
