import { and, eq, sql } from 'drizzle-orm';
import { sha256 } from '#shared/auth/secrets.ts';
import type { Db } from '#shared/db/client.ts';
import { idempotencyKeys as keys } from '#shared/db/schema/admin.ts';
import { AppError } from '#shared/errors.ts';

/**
 * Idempotency keys, per trader: the first answer to a key is stored with the work it describes and
 * replayed on every repeat; the same key with another body is a 422. A thrown error rolls the key back
 * with everything else, so a request that failed validation can be sent again.
 */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly replayed?: boolean;
}

/** A stable hash of a request body: the same JSON with keys in any order hashes alike. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return sha256(JSON.stringify(canonical(body)));
}

/** The stored answer to a key someone already claimed, if it was for the same body. */
export async function storedAnswer(
  tx: Db,
  traderId: string,
  key: string,
  hash: string,
): Promise<Answer> {
  const [stored] = await tx
    .select({ hash: keys.requestHash, status: keys.statusCode, response: keys.response })
    .from(keys)
    .where(and(eq(keys.traderId, traderId), eq(keys.key, key)));
  if (!stored || stored.status === null) {
    throw new AppError(409, 'idempotency_key_in_use', 'A request with this key is still running.');
  }
  if (stored.hash !== hash) {
    throw new AppError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was used with a different request body.',
      [
        {
          field: 'idempotency-key',
          location: 'headers',
          code: 'reused',
          message: 'was used with another body',
        },
      ],
    );
  }
  return { status: stored.status, body: stored.response, replayed: true };
}

/** Stores an answer that came with no other write (a 409). */
export async function storeAnswer(tx: Db, traderId: string, key: string, answer: Answer) {
  await tx
    .update(keys)
    .set({ statusCode: answer.status, response: sql`${JSON.stringify(answer.body)}::jsonb` })
    .where(and(eq(keys.traderId, traderId), eq(keys.key, key)));
}
