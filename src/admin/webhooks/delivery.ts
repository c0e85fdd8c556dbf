import {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  sign,
  TIMESTAMP_HEADER,
} from '#shared/webhooks/signature.ts';
import type { AdminContext } from '../context.ts';
import { clearUndeliveredKey, peekUndeliveredKey } from '../traders/queries.ts';
import { claimDue, type DueEvent, markDelivered, markFailed } from './outbox.ts';

const TIMEOUT_MS = 5_000;

export interface DeliveryOptions {
  /** Only tests replace it, to play a CMS that fails. */
  readonly fetch?: typeof fetch;
}

/**
 * Sends every due event to CMS_WEBHOOK_URL, signed. An approval carries the trader's new API key,
 * which is cleared once the CMS has acknowledged it. Answers how many were delivered and failed.
 *
 * No transaction is open while the CMS is called: on PGlite a transaction holds the one connection,
 * and the CMS, sharing that database in the embedded mode, could not answer until it was released.
 * Claimed events are leased instead (see `claimDue`).
 */
export async function deliverDue(ctx: AdminContext, options: DeliveryOptions = {}, limit = 20) {
  const send = options.fetch ?? fetch;
  const result = { delivered: 0, failed: 0 };
  for (const event of await claimDue(ctx.db, limit)) {
    if (await deliver(ctx, send, event)) result.delivered += 1;
    else result.failed += 1;
  }
  return result;
}

async function deliver(ctx: AdminContext, send: typeof fetch, event: DueEvent): Promise<boolean> {
  const traderId = String(event.payload.trader_id);
  let sealed: string | null = null;
  try {
    if (event.event_type === 'trader.approved') sealed = await peekUndeliveredKey(ctx.db, traderId);
    const body = JSON.stringify(envelope(event, sealed ? ctx.sealer.open(sealed) : undefined));
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await send(ctx.config.CMS_WEBHOOK_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [EVENT_ID_HEADER]: String(event.id),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: sign(ctx.config.WEBHOOK_SECRET, timestamp, body),
      },
      body,
      // A redirect would carry the signed body, API key and all, to wherever it points: never follow.
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    await markFailed(ctx.db, event.id, describe(error));
    return false;
  }
  await ctx.db.transaction(async (tx) => {
    await markDelivered(tx, event.id);
    if (sealed) await clearUndeliveredKey(tx, traderId, sealed);
  });
  return true;
}

/** `fetch failed` alone does not say why; its cause does (ECONNREFUSED, a timeout …). */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? `${message} (${cause.code})` : message;
}

function envelope(event: DueEvent, apiKey: string | undefined) {
  return {
    id: event.id,
    type: event.event_type,
    created_at: event.created_at.toISOString(),
    data: apiKey ? { ...event.payload, api_key: apiKey } : event.payload,
  };
}

/** Delivers in the background every `intervalMs`; answers a function that stops it. */
export function startWebhookDelivery(
  ctx: AdminContext,
  options: DeliveryOptions,
  onError: (error: unknown) => void,
  intervalMs = 1_000,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => deliverDue(ctx, options)).catch(onError);
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
