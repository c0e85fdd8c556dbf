import { record } from '#shared/audit/record.ts';
import type { RequestContext } from '#shared/audit/request-context.ts';
import { hashPassword, verifyPassword } from '#shared/auth/passwords.ts';
import {
  issueRefreshToken,
  refreshFailure,
  revokeByToken,
  revokeOtherFamilies,
  rotateRefreshToken,
} from '#shared/auth/refresh-tokens.ts';
import type { Db } from '#shared/db/client.ts';
import { Conflict, Unauthorized, ValidationFailed } from '#shared/errors.ts';
import { enqueueApplication } from '../approval/queries.ts';
import { type CmsContext, TRADER_AUDIENCE } from '../context.ts';
import { passwordProblem } from './password-policy.ts';
import type { TraderRow } from './queries.ts';
import * as queries from './queries.ts';
import type { Login, PasswordChange, Register, Trader } from './schemas.ts';
import { slugify } from './slug.ts';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function presentTrader(row: TraderRow): Trader {
  return {
    id: row.id,
    email: row.email,
    business_name: row.businessName,
    slug: row.slug,
    status: row.status,
    created_at: row.createdAt.toISOString(),
  };
}

function weakPassword(field: string, problem: string) {
  return new ValidationFailed([
    { field, location: 'body', code: 'weak_password', message: problem },
  ]);
}

/** Creates a PENDING trader with a unique shop slug derived from the business name. */
export async function register(
  ctx: CmsContext,
  input: Register,
  context?: RequestContext,
): Promise<TraderRow> {
  const email = normalizeEmail(input.email);
  const businessName = input.business_name.trim();
  const problem = passwordProblem(input.password, email, businessName);
  if (problem) throw weakPassword('password', problem);
  if (await queries.findTraderByEmail(ctx.db, email)) {
    throw new Conflict('email_taken', 'A trader with this e-mail is already registered.');
  }
  const passwordHash = await hashPassword(input.password);
  const base = slugify(businessName);
  // Two registrations may race for a slug; the unique index decides, and the loser takes the next.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const taken = await queries.slugsLike(ctx.db, base);
    let slug = base;
    for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
    // The application to the Admin is queued with the trader, so neither exists without the other.
    const trader = await ctx.db.transaction(async (tx) => {
      const row = await queries.insertTrader(tx, { email, passwordHash, businessName, slug });
      if (row) {
        await enqueueApplication(tx, row.id, {
          email,
          business_name: businessName,
          external_ref: row.id,
        });
        await record(tx, {
          traderId: row.id,
          actor: { type: 'trader', id: row.id },
          action: 'register',
          entity: { type: 'trader', id: row.id },
          changes: { email, business_name: businessName, slug, status: row.status },
          context,
        });
      }
      return row;
    });
    if (trader) return trader;
    if (await queries.findTraderByEmail(ctx.db, email)) {
      throw new Conflict('email_taken', 'A trader with this e-mail is already registered.');
    }
  }
  throw new Conflict('slug_taken', 'Could not find a free shop address; try again.');
}

async function issuePair(ctx: CmsContext, db: Db, trader: TraderRow, familyId?: string) {
  const refresh = await issueRefreshToken(
    db,
    { type: 'trader', id: trader.id },
    ctx.config.REFRESH_TOKEN_EXPIRE_DAYS,
    familyId,
  );
  const access = await ctx.tokens.sign(
    TRADER_AUDIENCE,
    trader.id,
    ctx.config.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
    { sid: refresh.familyId },
  );
  return {
    access_token: access.token,
    refresh_token: refresh.token,
    token_type: 'bearer' as const,
    expires_in: access.expiresIn,
    trader: presentTrader(trader),
  };
}

/** Logs in. A wrong password and an unknown e-mail fail alike and take the same time. */
export async function login(ctx: CmsContext, input: Login, context?: RequestContext) {
  const email = normalizeEmail(input.email);
  const trader = await queries.findTraderByEmail(ctx.db, email);
  const valid = await verifyPassword(trader?.passwordHash ?? null, input.password);
  const actor = { type: 'trader' as const, id: trader?.id ?? null };
  if (!trader || !valid) {
    // An unknown e-mail is logged too, outside any trader's chain, for brute-force reviews.
    await record(ctx.db, {
      traderId: trader?.id ?? null,
      actor,
      action: 'login_failed',
      changes: { email },
      context,
    });
    throw new Unauthorized('Wrong e-mail or password.', 'invalid_credentials');
  }
  const pair = await issuePair(ctx, ctx.db, trader);
  await record(ctx.db, { traderId: trader.id, actor, action: 'login', context });
  return { trader, pair };
}

/** Spends a refresh token for a new pair; a reused one revokes its whole family. */
export async function refresh(ctx: CmsContext, token: string, context?: RequestContext) {
  const outcome = await ctx.db.transaction(async (tx) => {
    const rotated = await rotateRefreshToken(tx, token, ctx.config.REFRESH_TOKEN_EXPIRE_DAYS);
    if (!rotated.ok && rotated.reason === 'reused' && rotated.subject) {
      await record(tx, {
        traderId: rotated.subject.id,
        actor: { type: 'trader', id: null },
        action: 'refresh_reuse_detected',
        changes: { session_revoked: true },
        context,
      });
    }
    if (!rotated.ok) return rotated;
    const trader = await queries.getTrader(tx, rotated.subject.id);
    if (!trader) return { ok: false as const, reason: 'unknown' as const };
    const access = await ctx.tokens.sign(
      TRADER_AUDIENCE,
      trader.id,
      ctx.config.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
      { sid: rotated.next.familyId },
    );
    return {
      ok: true as const,
      trader,
      pair: {
        access_token: access.token,
        refresh_token: rotated.next.token,
        token_type: 'bearer' as const,
        expires_in: access.expiresIn,
        trader: presentTrader(trader),
      },
    };
  });
  // The revocation of a reused family must stay even though the request fails: it committed above.
  if (!outcome.ok) throw refreshFailure(outcome);
  return outcome;
}

/** Ends the login a refresh token belongs to; its access tokens stop working at once too. */
export async function logout(ctx: CmsContext, token: string, context?: RequestContext) {
  await ctx.db.transaction(async (tx) => {
    const subject = await revokeByToken(tx, 'trader', token);
    if (subject) {
      await record(tx, {
        traderId: subject.id,
        actor: { type: 'trader', id: subject.id },
        action: 'logout',
        context,
      });
    }
  });
}

/** Changes the password and ends every other session of the trader. */
export async function changePassword(
  ctx: CmsContext,
  trader: { id: string; sessionId: string | undefined },
  input: PasswordChange,
  context?: RequestContext,
) {
  const row = await queries.getTrader(ctx.db, trader.id);
  if (!row || !(await verifyPassword(row.passwordHash, input.current_password))) {
    throw new ValidationFailed([
      {
        field: 'current_password',
        location: 'body',
        code: 'wrong_password',
        message: 'is not your current password',
      },
    ]);
  }
  const problem = passwordProblem(input.new_password, row.email, row.businessName);
  if (problem) throw weakPassword('new_password', problem);
  const passwordHash = await hashPassword(input.new_password);
  await ctx.db.transaction(async (tx) => {
    await queries.setPasswordHash(tx, row.id, passwordHash);
    await revokeOtherFamilies(tx, { type: 'trader', id: row.id }, trader.sessionId);
    await record(tx, {
      traderId: row.id,
      actor: { type: 'trader', id: row.id },
      action: 'password_changed',
      changes: { other_sessions_ended: true },
      context,
    });
  });
}
