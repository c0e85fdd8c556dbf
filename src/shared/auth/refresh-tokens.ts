import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { refreshTokens as rt, type SubjectType } from '../db/schema/app.ts';
import { Unauthorized } from '../errors.ts';
import { randomToken, sha256 } from './secrets.ts';

/**
 * Opaque refresh tokens with rotation and reuse detection (RFC 9700 §4.14): every refresh spends the
 * token and issues the next one of the same family; a spent token presented again means it was copied,
 * so the whole family, newest token included, is revoked.
 */
export interface Subject {
  readonly type: SubjectType;
  readonly id: string;
}

export interface IssuedRefresh {
  readonly token: string;
  readonly familyId: string;
}

export async function issueRefreshToken(
  db: Db,
  subject: Subject,
  ttlDays: number,
  familyId: string = crypto.randomUUID(),
): Promise<IssuedRefresh> {
  const token = randomToken(32);
  await db.insert(rt).values({
    subjectType: subject.type,
    subjectId: subject.id,
    familyId,
    tokenHash: sha256(token),
    expiresAt: sql`now() + ${`${ttlDays} days`}::interval`,
  });
  return { token, familyId };
}

export type RotateOutcome =
  | { ok: true; subject: Subject; next: IssuedRefresh }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused'; subject?: Subject };

/** Spends a refresh token and issues its successor, in the caller's transaction. */
export async function rotateRefreshToken(
  db: Db,
  token: string,
  ttlDays: number,
): Promise<RotateOutcome> {
  const [row] = await db
    .select({
      id: rt.id,
      subjectType: rt.subjectType,
      subjectId: rt.subjectId,
      familyId: rt.familyId,
      expired: sql<boolean>`${rt.expiresAt} <= now()`,
      spentAt: rt.spentAt,
      revokedAt: rt.revokedAt,
    })
    .from(rt)
    .where(eq(rt.tokenHash, sha256(token)))
    .for('update');
  if (!row) return { ok: false, reason: 'unknown' };
  const subject = { type: row.subjectType, id: row.subjectId };
  if (row.revokedAt) return { ok: false, reason: 'revoked', subject };
  if (row.spentAt) {
    await revokeFamily(db, row.familyId);
    return { ok: false, reason: 'reused', subject };
  }
  if (row.expired) return { ok: false, reason: 'expired', subject };
  await db.update(rt).set({ spentAt: sql`now()` }).where(eq(rt.id, row.id));
  return { ok: true, subject, next: await issueRefreshToken(db, subject, ttlDays, row.familyId) };
}

export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db
    .update(rt)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(rt.familyId, familyId), isNull(rt.revokedAt)));
}

/**
 * Revokes the family of one token of a subject type (logout): holding the token is the authority.
 * Answers the subject it belonged to, or null for an unknown token.
 */
export async function revokeByToken(
  db: Db,
  type: SubjectType,
  token: string,
): Promise<Subject | null> {
  const [row] = await db
    .select({ familyId: rt.familyId, subjectId: rt.subjectId })
    .from(rt)
    .where(and(eq(rt.tokenHash, sha256(token)), eq(rt.subjectType, type)));
  if (!row) return null;
  await revokeFamily(db, row.familyId);
  return { type, id: row.subjectId };
}

/** Whether a login's family still has a live token (its access tokens are then still honoured). */
export async function familyIsLive(db: Db, familyId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: rt.id })
    .from(rt)
    .where(and(eq(rt.familyId, familyId), isNull(rt.revokedAt)))
    .limit(1);
  return row !== undefined;
}

/** Revokes every family of a subject except `keepFamilyId` (after a password change). */
export async function revokeOtherFamilies(db: Db, subject: Subject, keepFamilyId?: string) {
  const conditions = [
    eq(rt.subjectType, subject.type),
    eq(rt.subjectId, subject.id),
    isNull(rt.revokedAt),
  ];
  if (keepFamilyId) conditions.push(ne(rt.familyId, keepFamilyId));
  await db
    .update(rt)
    .set({ revokedAt: sql`now()` })
    .where(and(...conditions));
}

export function refreshFailure(outcome: Extract<RotateOutcome, { ok: false }>): Unauthorized {
  return outcome.reason === 'reused'
    ? new Unauthorized(
        'This refresh token was already used; every session of its login was ended.',
        'refresh_token_reused',
      )
    : new Unauthorized('The refresh token is not valid.', 'invalid_refresh_token');
}
