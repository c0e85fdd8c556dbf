import type { CmsContext } from '../context.ts';
import { deliverApplications } from './delivery.ts';
import { reconcile } from './reconcile.ts';

export interface LoopIntervals {
  /** How often due applications are filed at the Admin. */
  readonly deliveryMs?: number;
  /** How often PENDING traders are checked at the Admin; under 5 s keeps approvals within 5 s. */
  readonly reconcileMs?: number;
}

/** Runs `task` every `intervalMs`, one run at a time; answers a function that stops it. */
function every(intervalMs: number, task: () => Promise<unknown>, onError: (e: unknown) => void) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = task()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** One page of the reconciler per run, going on where the last run stopped. */
function reconcileInPages(ctx: CmsContext) {
  let after: string | undefined;
  return async () => {
    after = (await reconcile(ctx, { after })).next;
  };
}

/** Starts the application outbox and the reconciler in the background; answers their stop. */
export function startApprovalLoops(
  ctx: CmsContext,
  onError: (error: unknown) => void,
  intervals: LoopIntervals = {},
): () => Promise<void> {
  const stops = [
    every(intervals.deliveryMs ?? 1_000, () => deliverApplications(ctx), onError),
    every(intervals.reconcileMs ?? 3_000, reconcileInPages(ctx), onError),
  ];
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
