import type { SQL } from 'drizzle-orm';
import type { AdminCategory } from '#shared/admin-client/schemas.ts';
import { record } from '#shared/audit/record.ts';
import type { RequestContext } from '#shared/audit/request-context.ts';
import { traderApiKey } from '#shared/auth/trader-api-key.ts';
import type { Db } from '#shared/db/client.ts';
import { AppError, Conflict, NotFound } from '#shared/errors.ts';
import { decodeCursor, toPage } from '#shared/pagination.ts';
import type { CmsContext } from '../context.ts';
import {
  ANALYZE_AFTER_ROWS,
  APPLY_CHUNK,
  applyToTrader,
  lastPosition,
  refreshStatistics,
  type TraderCounts,
  upsertCategories,
  upsertProducts,
} from './apply.ts';
import { pullCatalog } from './feed.ts';
import {
  failRun,
  finishRun,
  getRun,
  lastWatermark,
  listRuns,
  openRun,
  type RunRow,
  releaseAbandoned,
  reportProgress,
} from './runs.ts';
import { createStage, dropStage, nextSlice, stagePage, summarise } from './stage.ts';

/**
 * An incremental run asks for changes from a little before the last one it took in: an Admin
 * transaction can commit after a later one, and its change must not fall between two runs.
 */
export const WATERMARK_OVERLAP_MS = 10_000;
const PROGRESS_EVERY_MS = 250;

type Progress = Pick<RunRow, 'phase' | 'processed' | 'total'>;
/** Progress of the runs this process is applying, which their transaction cannot show yet. */
const live = new Map<string, Progress>();

export interface SyncActor {
  readonly traderId: string;
  readonly context: RequestContext;
}

export interface StartedSync {
  /** The run as opened: status running, phase fetching. */
  readonly run: RunRow;
  /** Settles when the run has finished: the finished run, or the error it failed with. */
  readonly done: Promise<RunRow>;
}

/**
 * Pulls the Admin's catalog into the trader's (DESIGN.md §6): pages first, into the run's staging
 * table and nowhere else; then one transaction of set-based upserts. Any failure leaves the catalog
 * as it was and the run marked failed with the reason. Answers once the run is open (409 if one is
 * already running), so a caller may wait for `done` or hand the run's id out at once.
 */
export async function startSync(
  ctx: CmsContext,
  actor: SyncActor,
  options: { full: boolean },
): Promise<StartedSync> {
  const { traderId } = actor;
  const apiKey = await traderApiKey(ctx.db, ctx.sealer, traderId);
  await ctx.db.transaction(async (tx) => {
    // A run lost with its process wrote no audit row: it gets its own as it is released.
    for (const lost of await releaseAbandoned(tx, traderId))
      await auditRun(tx, actor, lost.id, {
        status: 'failed',
        full: lost.full,
        error_code: 'abandoned',
      });
  });
  const watermark = options.full ? null : await lastWatermark(ctx.db, traderId);
  const since = watermark ? new Date(watermark.getTime() - WATERMARK_OVERLAP_MS) : null;
  const run = await openRun(ctx.db, traderId, since === null, since?.toISOString() ?? null);
  if (!run) throw new Conflict('sync_running', 'A sync of your catalog is already running.');

  const done = (async () => {
    try {
      // One connection for the whole run: its staging table belongs to that session.
      return await ctx.session(async (db) => {
        const stage = await createStage(db, run.id);
        try {
          const categories = await pullCatalog(
            ctx.admin,
            apiKey,
            since?.toISOString(),
            (page) => stagePage(db, stage, page),
            throttled(ctx, run),
            ctx.syncPageSize,
          );
          return await apply(ctx, db, actor, run, { stage, categories, watermark });
        } finally {
          await dropStage(db, stage).catch(() => undefined);
        }
      });
    } catch (error) {
      await recordFailure(ctx, actor, run, error);
      throw error;
    } finally {
      live.delete(run.id);
    }
  })();
  return { run, done };
}

interface Gathered {
  readonly stage: SQL;
  readonly categories: readonly AdminCategory[];
  /** The last good run's watermark, kept when this run brought nothing. */
  readonly watermark: Date | null;
}

/** Applies what the run gathered in one transaction, slice by slice in id order. */
async function apply(
  ctx: CmsContext,
  db: Db,
  actor: SyncActor,
  run: RunRow,
  { stage, categories, watermark }: Gathered,
): Promise<RunRow> {
  const { total, newest } = await summarise(db, stage);
  const progress: Progress = { phase: 'applying', processed: 0, total };
  live.set(run.id, progress);
  await reportProgress(ctx.db, run.id, progress);
  let written = 0;
  const finished = await db.transaction(async (tx) => {
    await upsertCategories(tx, categories);
    let position = await lastPosition(tx, actor.traderId, stage, total);
    const counts: TraderCounts = { created: 0, updated: 0, unchanged: 0, withdrawn: 0 };
    let after = 0;
    for (;;) {
      const slice = await nextSlice(tx, stage, after, APPLY_CHUNK);
      if (!slice) break;
      const bounds = { after, upto: slice.upto };
      written += await upsertProducts(tx, stage, bounds);
      const sliceCounts = await applyToTrader(tx, actor.traderId, stage, bounds, position);
      position += sliceCounts.created;
      for (const key of Object.keys(counts) as (keyof TraderCounts)[])
        counts[key] += sliceCounts[key];
      progress.processed += slice.count;
      after = slice.upto;
    }
    const finished = await finishRun(tx, run.id, {
      ...counts,
      processed: total,
      watermark: newest ?? watermark?.toISOString() ?? null,
    });
    await auditRun(tx, actor, run.id, {
      status: 'succeeded',
      full: run.full,
      processed: total,
      ...counts,
    });
    written += counts.created + counts.updated + counts.withdrawn;
    return finished;
  });
  // The run has committed: statistics that fail to refresh now are autovacuum's to refresh later.
  if (written >= ANALYZE_AFTER_ROWS) await refreshStatistics(db).catch(() => undefined);
  return finished;
}

/** Progress while fetching: live in this process at once, in the database a few times a second. */
function throttled(ctx: CmsContext, run: RunRow) {
  let reportedAt = 0;
  return async (processed: number, total: number | null) => {
    const progress: Progress = { phase: 'fetching', processed, total };
    live.set(run.id, progress);
    if (Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
    reportedAt = Date.now();
    await reportProgress(ctx.db, run.id, progress);
  };
}

async function recordFailure(ctx: CmsContext, actor: SyncActor, run: RunRow, error: unknown) {
  const failure =
    error instanceof AppError
      ? { code: error.code, message: error.message }
      : { code: 'internal_error', message: 'The sync failed unexpectedly.' };
  try {
    await failRun(ctx.db, run.id, failure);
    await auditRun(ctx.db, actor, run.id, {
      status: 'failed',
      full: run.full,
      error_code: failure.code,
    });
  } catch {
    // The database failing too: the run is released as abandoned later; the first error matters.
  }
}

/** The audit row of a run's outcome: one per run, succeeded, failed or abandoned. */
function auditRun(db: Db, actor: SyncActor, runId: string, outcome: Record<string, unknown>) {
  return record(db, {
    traderId: actor.traderId,
    actor: { type: 'trader', id: actor.traderId },
    action: 'sync_run',
    entity: { type: 'sync_run', id: runId },
    changes: { after: outcome },
    context: actor.context,
  });
}

const withLive = (row: RunRow): RunRow =>
  row.status === 'running' ? { ...row, ...live.get(row.id) } : row;

export async function getSyncRun(ctx: CmsContext, traderId: string, runId: string) {
  const row = await getRun(ctx.db, traderId, runId);
  if (!row) throw new NotFound('Sync run');
  return present(withLive(row));
}

export async function listSyncRuns(
  ctx: CmsContext,
  traderId: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const before = query.cursor
    ? (([startedAt, id]) => ({ startedAt, id }))(decodeCursor(query.cursor, ['date', 'uuid']))
    : undefined;
  const rows = await listRuns(ctx.db, traderId, before, query.limit + 1);
  return toPage(
    rows,
    query.limit,
    (row) => [row.started_at, row.id],
    (row) => present(withLive(row)),
  );
}

export function present(row: RunRow) {
  const { error_code, error, ...rest } = row;
  return {
    ...rest,
    error: error_code ? { code: error_code, message: error ?? '' } : null,
  };
}
