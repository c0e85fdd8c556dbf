import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { SyncPhase, SyncStatus } from '#shared/db/schema/app.ts';
import type { TraderCounts } from './apply.ts';

/** A run that has not beaten for this long was lost with its process; it no longer blocks a sync. */
export const ABANDONED_AFTER_MS = 5 * 60_000;

export interface RunRow {
  id: string;
  full: boolean;
  status: SyncStatus;
  phase: SyncPhase;
  since: string | null;
  processed: number;
  total: number | null;
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  error_code: string | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
}

const iso = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const RUN_COLUMNS = sql`id, "full", status, phase, ${iso(sql`since`)} as since, processed, total,
  created, updated, unchanged, withdrawn, error_code, error, ${iso(sql`started_at`)} as started_at,
  ${iso(sql`finished_at`)} as finished_at, duration_ms`;

/**
 * Fails the trader's run whose process went away, so it no longer holds the trader's one slot.
 * Answers the runs released, for their audit rows.
 */
export function releaseAbandoned(
  db: Db,
  traderId: string,
): Promise<{ id: string; full: boolean }[]> {
  return queryRows<{ id: string; full: boolean }>(
    db,
    sql`
    update sync_runs
    set status = 'failed', phase = 'done', error_code = 'abandoned',
        error = 'The sync stopped without finishing (its process ended).', finished_at = now()
    where trader_id = ${traderId} and status = 'running'
      and heartbeat_at < now() - make_interval(secs => ${ABANDONED_AFTER_MS / 1000})
    returning id, "full"`,
  );
}

/**
 * Opens a run; answers null when one is already running for the trader (the unique index on running
 * runs decides, so two requests at once cannot both start).
 */
export async function openRun(
  db: Db,
  traderId: string,
  full: boolean,
  since: string | null,
): Promise<RunRow | null> {
  const [row] = await queryRows<RunRow>(
    db,
    sql`insert into sync_runs (trader_id, "full", since)
        values (${traderId}, ${full}, ${since}::timestamptz)
        on conflict (trader_id) where status = 'running' do nothing
        returning ${RUN_COLUMNS}`,
  );
  return row ?? null;
}

/** Where the next incremental run starts: the newest change the last good run took in. */
export async function lastWatermark(db: Db, traderId: string): Promise<Date | null> {
  const [row] = await queryRows<{ watermark: string | null }>(
    db,
    sql`select ${iso(sql`watermark`)} as watermark from sync_runs
        where trader_id = ${traderId} and status = 'succeeded' and watermark is not null
        order by started_at desc, id desc limit 1`,
  );
  return row?.watermark ? new Date(row.watermark) : null;
}

export async function reportProgress(
  db: Db,
  runId: string,
  progress: { phase: SyncPhase; processed: number; total: number | null },
): Promise<void> {
  await db.execute(sql`
    update sync_runs
    set phase = ${progress.phase}, processed = ${progress.processed}, total = ${progress.total},
        heartbeat_at = now()
    where id = ${runId} and status = 'running'`);
}

export async function finishRun(
  db: Db,
  runId: string,
  outcome: TraderCounts & { processed: number; watermark: string | null },
): Promise<RunRow> {
  const [row] = await queryRows<RunRow>(
    db,
    sql`update sync_runs
        set status = 'succeeded', phase = 'done', processed = ${outcome.processed},
            total = ${outcome.processed}, created = ${outcome.created},
            updated = ${outcome.updated}, unchanged = ${outcome.unchanged},
            withdrawn = ${outcome.withdrawn},
            -- Never later than the run's start here: an upstream change stamped ahead of time
            -- (the Admin's clock ahead, then set back) must not hide the changes that follow it.
            watermark = case when ${outcome.watermark}::timestamptz is null then null
                             else least(${outcome.watermark}::timestamptz, started_at) end,
            finished_at = clock_timestamp(), heartbeat_at = clock_timestamp(),
            duration_ms = (extract(epoch from clock_timestamp() - started_at) * 1000)::int
        where id = ${runId}
        returning ${RUN_COLUMNS}`,
  );
  if (!row) throw new Error(`sync run ${runId} vanished`);
  return row;
}

export async function failRun(
  db: Db,
  runId: string,
  failure: { code: string; message: string },
): Promise<void> {
  await db.execute(sql`
    update sync_runs
    set status = 'failed', phase = 'done', error_code = ${failure.code}, error = ${failure.message},
        finished_at = clock_timestamp(),
        duration_ms = (extract(epoch from clock_timestamp() - started_at) * 1000)::int
    where id = ${runId}`);
}

export async function getRun(db: Db, traderId: string, runId: string): Promise<RunRow | null> {
  const [row] = await queryRows<RunRow>(
    db,
    sql`select ${RUN_COLUMNS} from sync_runs where id = ${runId} and trader_id = ${traderId}`,
  );
  return row ?? null;
}

/** The trader's runs, newest first, after the run at `before` (keyset on started_at, id). */
export function listRuns(
  db: Db,
  traderId: string,
  before: { startedAt: Date; id: string } | undefined,
  limit: number,
): Promise<RunRow[]> {
  const after = before
    ? sql`and (started_at, id) < (${before.startedAt.toISOString()}::timestamptz, ${before.id}::uuid)`
    : sql``;
  return queryRows<RunRow>(
    db,
    sql`select ${RUN_COLUMNS} from sync_runs
        where trader_id = ${traderId} ${after}
        order by started_at desc, id desc
        limit ${limit}`,
  );
}
