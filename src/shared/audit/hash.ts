import { createHash } from 'node:crypto';
import type { ActorType } from '#shared/db/schema/app.ts';

/** The fields of an audit row that its hash covers, named as the columns are. */
export interface HashedFields {
  readonly trader_id: string | null;
  readonly actor_type: ActorType;
  readonly actor_id: string | null;
  readonly action: string;
  readonly entity_type: string | null;
  readonly entity_id: string | null;
  readonly changes: unknown;
  readonly ip: string | null;
  readonly user_agent: string | null;
  readonly request_id: string | null;
  /** ISO 8601 in UTC with milliseconds, as the column keeps it. */
  readonly created_at: string;
}

/**
 * JSON with object keys sorted at every depth and no whitespace, so that the same value always gives
 * the same text: what jsonb hands back has lost the key order it was written with.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const fields = Object.keys(object)
      .sort()
      .filter((key) => object[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** `sha256(prev_hash + canonical JSON of the row)`, hex; the first row of a chain has no prev_hash. */
export function rowHash(prevHash: string | null, fields: HashedFields): string {
  return createHash('sha256')
    .update(`${prevHash ?? ''}${canonicalJson(fields)}`)
    .digest('hex');
}

/**
 * A value as it will come back from a jsonb column: plain JSON, `toJSON` applied, `undefined` fields
 * gone. Hashing this rather than the caller's object keeps the stored row and its hash in agreement.
 */
export function asStoredJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
