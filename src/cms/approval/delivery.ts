import type { CmsContext } from '../context.ts';
import { claimDue, type DueApplication, markFailed, markFiled } from './queries.ts';

/**
 * Files every due application at the Admin (`POST /traders`, idempotent on external_ref) and stores
 * the Admin's id on the trader. A failure is kept with its error and tried again later. Answers how
 * many were delivered and failed. No transaction is open while the Admin is called (see the lease).
 */
export async function deliverApplications(ctx: CmsContext, limit = 20) {
  const result = { delivered: 0, failed: 0 };
  for (const row of await claimDue(ctx.db, limit)) {
    if (await deliver(ctx, row)) result.delivered += 1;
    else result.failed += 1;
  }
  return result;
}

async function deliver(ctx: CmsContext, row: DueApplication): Promise<boolean> {
  let adminId: string;
  try {
    adminId = (await ctx.admin.fileApplication(row.payload)).id;
  } catch (error) {
    await markFailed(ctx.db, row.id, error instanceof Error ? error.message : String(error));
    return false;
  }
  await markFiled(ctx.db, row.id, row.trader_id, adminId);
  return true;
}
