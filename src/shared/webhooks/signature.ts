import { createHmac } from 'node:crypto';
import { safeEqual } from '../auth/secrets.ts';

/**
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with WEBHOOK_SECRET, sent as
 * `X-Broker-Signature: v1=<hex>` beside `X-Broker-Timestamp: <unix seconds>`. The receiver refuses
 * stale timestamps, so a captured request cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'x-broker-signature';
export const TIMESTAMP_HEADER = 'x-broker-timestamp';
export const EVENT_ID_HEADER = 'x-broker-event-id';

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifySignature(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
): boolean {
  return safeEqual(sign(secret, timestamp, body), signature);
}
