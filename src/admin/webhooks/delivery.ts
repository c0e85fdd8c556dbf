import { sql } from 'drizzle-orm';
import { queryRows } from '#shared/db/client.ts';
import type { AdminContext } from '../context.ts';
import { claimDue, type DueEvent, markDelivered, markFailed } from './outbox.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from './signature.ts';

const TIMEOUT_MS = 5_000;

export interface DeliveryOptions {
  /** Only tests replace it, to play a CMS that fails. */
  readonly fetch?: typeof fetch;
}

/**
 * Sends every due event to CMS_WEBHOOK_URL, signed. An approval carries the trader's new API key,
 * which is cleared once the CMS has acknowledged it. Answers how many were delivered and failed.
 */
export async function deliverDue(ctx: AdminContext, options: DeliveryOptions = {}, limit = 20) {
  const send = options.fetch ?? fetch;
  return ctx.db.transaction(async (tx) => {
    const result = { delivered: 0, failed: 0 };
    for (const event of await claimDue(tx, limit)) {
      const traderId = String(event.payload.trader_id);
      const [pending] = await queryRows<{ sealed: string | null }>(
        tx,
        sql`select api_key_undelivered as sealed from admin.traders where id = ${traderId}`,
      );
      const apiKey =
        event.event_type === 'trader.approved' && pending?.sealed
          ? ctx.sealer.open(pending.sealed)
          : undefined;
      const body = JSON.stringify(envelope(event, apiKey));
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const response = await send(ctx.config.CMS_WEBHOOK_URL, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [EVENT_ID_HEADER]: String(event.id),
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: sign(ctx.config.WEBHOOK_SECRET, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await markDelivered(tx, event.id);
        if (apiKey) {
          await tx.execute(
            sql`update admin.traders set api_key_undelivered = null where id = ${traderId}`,
          );
        }
        result.delivered += 1;
      } catch (error) {
        await markFailed(tx, event.id, (error as Error).message);
        result.failed += 1;
      }
    }
    return result;
  });
}

function envelope(event: DueEvent, apiKey: string | undefined) {
  return {
    id: event.id,
    type: event.event_type,
    created_at: new Date(event.created_at).toISOString(),
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
