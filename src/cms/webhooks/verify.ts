import { Value } from 'typebox/value';
import { Unauthorized, ValidationFailed } from '#shared/errors.ts';
import { verifySignature } from '#shared/webhooks/signature.ts';
import { type AdminEvent, AdminEventSchema } from './schemas.ts';

/** How far a webhook's timestamp may be from our clock, either way. */
export const TOLERANCE_SECONDS = 300;

export interface SignedRequest {
  readonly body: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly eventId: string | undefined;
}

/**
 * Checks the signature over `<timestamp>.<raw body>` and the timestamp before anything of the body is
 * read, then its shape. The event id is taken from the signed body; the header must agree with it,
 * since the header alone could be changed to slip a replay past the de-duplication.
 */
export function verifyEvent(secret: string, request: SignedRequest, now = Date.now()): AdminEvent {
  const timestamp = Number(request.timestamp);
  if (!request.timestamp || !/^\d{1,12}$/.test(request.timestamp) || !request.signature) {
    throw new Unauthorized('The webhook is not signed.', 'invalid_signature');
  }
  if (!verifySignature(secret, timestamp, request.body, request.signature)) {
    throw new Unauthorized('The webhook signature is wrong.', 'invalid_signature');
  }
  if (Math.abs(now / 1000 - timestamp) > TOLERANCE_SECONDS) {
    throw new Unauthorized('The webhook timestamp is too old or in the future.', 'stale_timestamp');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    throw invalid('/', 'invalid_json', 'is not JSON');
  }
  if (!Value.Check(AdminEventSchema, parsed)) {
    const [first] = Value.Errors(AdminEventSchema, parsed);
    throw invalid(first?.instancePath || '/', 'invalid', first?.message ?? 'is not valid');
  }
  if (request.eventId !== undefined && request.eventId !== String(parsed.id)) {
    throw invalid('id', 'event_id_mismatch', 'differs from the x-broker-event-id header');
  }
  const expected = parsed.type === 'trader.approved' ? 'ACTIVE' : 'REJECTED';
  if (parsed.data.status !== expected) {
    throw invalid('data.status', 'status_mismatch', `must be ${expected} for ${parsed.type}`);
  }
  return parsed;
}

function invalid(field: string, code: string, message: string) {
  return new ValidationFailed([{ field, location: 'body', code, message }]);
}
