import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '#shared/db/client.ts';
import { rowHash } from './hash.ts';
import { pageRows } from './queries.ts';

export interface BrokenLink {
  readonly trader_id: string | null;
  readonly id: number;
  readonly reason: string;
}

export interface Verification {
  readonly rows: number;
  readonly broken: BrokenLink[];
}

const PAGE_SIZE = 1000;

/**
 * Checks every chain in one snapshot. Without one, a row whose id was taken before a page was read but
 * that committed after would be missed, and the next row of its chain reported broken.
 */
export function verifyChains(db: Db, pageSize = PAGE_SIZE): Promise<Verification> {
  return is(db, PgTransaction)
    ? walkChains(db, pageSize)
    : db.transaction((tx) => walkChains(tx, pageSize), {
        isolationLevel: 'repeatable read',
        accessMode: 'read only',
      });
}

/**
 * Walks every row once, in id order and in pages, keeping only the last hash of each chain: a row is
 * broken when its hash does not match its content, or when its prev_hash does not match the hash of
 * the row before it in its chain (a row changed, removed or slipped in).
 */
async function walkChains(db: Db, pageSize: number): Promise<Verification> {
  const lastHash = new Map<string | null, string>();
  const broken: BrokenLink[] = [];
  let rows = 0;
  let afterId = 0;
  for (;;) {
    const page = await pageRows(db, afterId, pageSize);
    for (const row of page) {
      const { id, prev_hash, hash, ...fields } = row;
      const expectedPrev = lastHash.get(row.trader_id) ?? null;
      if (prev_hash !== expectedPrev) {
        broken.push({
          trader_id: row.trader_id,
          id,
          reason:
            expectedPrev === null
              ? 'the first row of its chain names a previous hash'
              : 'prev_hash does not match the hash of the previous row',
        });
      }
      if (rowHash(prev_hash, fields) !== hash) {
        broken.push({ trader_id: row.trader_id, id, reason: 'hash does not match the row' });
      }
      lastHash.set(row.trader_id, hash);
    }
    rows += page.length;
    const last = page.at(-1);
    if (!last || page.length < pageSize) break;
    afterId = last.id;
  }
  return { rows, broken };
}
