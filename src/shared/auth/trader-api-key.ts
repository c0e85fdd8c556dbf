import { eq } from 'drizzle-orm';
import type { Db } from '#shared/db/client.ts';
import { traders } from '#shared/db/schema/app.ts';
import { AppError } from '#shared/errors.ts';
import type { Sealer } from './encryption.ts';

/**
 * The trader's Admin API key, unsealed for one call. An ACTIVE trader whose key has not arrived yet
 * (the approval webhook and the reconciler bring it) gets a 503 to retry, not a failure of ours.
 */
export async function traderApiKey(db: Db, sealer: Sealer, traderId: string): Promise<string> {
  const [row] = await db
    .select({ sealed: traders.apiKeyEncrypted })
    .from(traders)
    .where(eq(traders.id, traderId));
  if (!row?.sealed)
    throw new AppError(
      503,
      'api_key_pending',
      'Your Admin API key has not reached the CMS yet; try again in a few seconds.',
      undefined,
      { 'retry-after': '5' },
    );
  return sealer.open(row.sealed);
}
